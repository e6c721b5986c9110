using System.Text;

namespace Compressor.Engine.Latent.Conversion;

/// <summary>The manual steps that turn C3's two LLMs into GGUF with llama.cpp's standard converter.</summary>
internal static class C3ConversionSteps
{
    public static string Describe(string checkpoint, string adapterPath, LatentAdapter adapter, int padToken)
    {
        var ckpt = Path.GetFullPath(checkpoint);
        var top = Math.Max(Math.Max(adapter.EncoderLatentStart, adapter.Decoder.LatentEnd), padToken);
        var enc = adapter.EncoderModel.Name;
        var dec = adapter.DecoderModel.Name;
        return new StringBuilder()
            .Line($"Adapter written: {adapterPath} ({adapter.QueryCount} queries x {adapter.EncoderHiddenSize} -> projector -> {adapter.DecoderHiddenSize}, blocks of {adapter.BlockSize} tokens, markers <img>={adapter.EncoderLatentStart} </img>={adapter.Decoder.LatentEnd})")
            .Line("")
            .Line("Remaining steps (llama.cpp's convert_hf_to_gguf.py; pip install -r llama.cpp/requirements.txt):")
            .Line("")
            .Line($"1. Encoder (llm1/). Its tokenizer must know the marker tokens <img> </img> <imgpad> (ids up to {top}):")
            .Line($"   cp {ckpt}/tokenizer.json {ckpt}/tokenizer_config.json {ckpt}/vocab.json {ckpt}/merges.txt {ckpt}/added_tokens.json {ckpt}/special_tokens_map.json {ckpt}/llm1/   # those that exist")
            .Line($"   Check llm1/config.json: vocab_size must be > {top} (Qwen2.5 has 151936); the converter pads the vocabulary")
            .Line("   with [PADn] tokens up to vocab_size, so the marker ids exist in the GGUF and keep their ids.")
            .Line($"   python convert_hf_to_gguf.py {ckpt}/llm1 --outtype f16 --outfile <models>/{enc}.gguf")
            .Line("")
            .Line("2. Decoder (the folder root) is a C3QwenForCausalLM: a Qwen2 model plus model.Q.weight and model.mm_projector.*")
            .Line("   (now in the adapter) and possibly model.llm1.* copies. Make a plain Qwen2 folder for the converter:")
            .Line($"   mkdir {ckpt}-decoder && cp {ckpt}/*.json {ckpt}/merges.txt {ckpt}-decoder/")
            .Line($"   python - <<'PY'")
            .Line("import glob, json, os")
            .Line("from safetensors.torch import load_file, save_file")
            .Line($"src, dst = '{ckpt}', '{ckpt}-decoder'")
            .Line("for f in glob.glob(src + '/*.safetensors'):")
            .Line("    t = {k: v for k, v in load_file(f).items() if not any(s in k for s in ('.Q.weight', 'mm_projector', 'llm1'))}")
            .Line("    save_file(t, os.path.join(dst, os.path.basename(f)), metadata={'format': 'pt'})")
            .Line("c = json.load(open(dst + '/config.json')); c['architectures'] = ['Qwen2ForCausalLM']; c['model_type'] = 'qwen2'")
            .Line("json.dump(c, open(dst + '/config.json', 'w'), indent=2)")
            .Line("idx = dst + '/model.safetensors.index.json'")
            .Line("if os.path.exists(idx):")
            .Line("    i = json.load(open(idx)); i['weight_map'] = {k: v for k, v in i['weight_map'].items() if not any(s in k for s in ('.Q.weight', 'mm_projector', 'llm1'))}")
            .Line("    json.dump(i, open(idx, 'w'), indent=2)")
            .Line("PY")
            .Line($"   python convert_hf_to_gguf.py {ckpt}-decoder --outtype f16 --outfile <models>/{dec}.gguf")
            .Line("")
            .Line("3. Optional: llama-quantize <models>/X.gguf <models>/X-q8_0.gguf Q8_0 (then name the files as the adapter expects).")
            .Line($"4. Install: cp {adapterPath} <models>/{adapter.Name}{LatentAdapterFile.Extension}")
            .Line($"   The adapter expects models '{enc}' and '{dec}'" + (adapter.EncoderModel.Fingerprint.Length > 0 ? " with the pinned fingerprints." : " (no fingerprints pinned: rerun with --encoder-gguf/--decoder-gguf to pin them)."))
            .ToString();
    }

    private static StringBuilder Line(this StringBuilder text, string line) => text.Append(line).Append('\n');
}
