using Compressor.Engine.Latent;
using Compressor.Engine.Latent.Conversion;

// compressor-convert convert-c3 <checkpoint-dir> <out-adapter.latent.gguf> [--block-size N] [--name NAME]
//   [--encoder-model ID] [--decoder-model ID] [--encoder-gguf PATH] [--decoder-gguf PATH]
const string Usage =
    "usage: compressor-convert convert-c3 <checkpoint-dir> <out-adapter.latent.gguf> [--block-size N] [--name NAME]\n" +
    "         [--encoder-model ID] [--decoder-model ID] [--encoder-gguf PATH] [--decoder-gguf PATH]";

if (args.Length < 3 || args[0] != "convert-c3")
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var settings = new C3ConversionSettings();
for (var i = 3; i < args.Length; i += 2)
{
    if (i + 1 >= args.Length)
    {
        Console.Error.WriteLine($"{args[i]} needs a value\n{Usage}");
        return 2;
    }

    var value = args[i + 1];
    switch (args[i])
    {
        case "--block-size" when int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0:
            settings = settings with { BlockSize = n };
            break;
        case "--name": settings = settings with { Name = value }; break;
        case "--encoder-model": settings = settings with { EncoderModel = value }; break;
        case "--decoder-model": settings = settings with { DecoderModel = value }; break;
        case "--encoder-gguf": settings = settings with { EncoderGguf = value }; break;
        case "--decoder-gguf": settings = settings with { DecoderGguf = value }; break;
        default:
            Console.Error.WriteLine($"unknown or invalid option {args[i]} {value}\n{Usage}");
            return 2;
    }
}

try
{
    var result = C3CheckpointConverter.Convert(args[1], args[2], settings);
    foreach (var (what, source) in result.Sources)
    {
        Console.WriteLine($"{what,-24} <- {source}");
    }

    Console.WriteLine();
    Console.Write(result.Steps);
    return 0;
}
catch (Exception e) when (e is LatentAdapterException or FormatException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
