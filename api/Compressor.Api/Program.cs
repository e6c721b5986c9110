using Compressor.Api.Configuration;
using Compressor.Api.Endpoints;
using Compressor.Api.Errors;
using Compressor.Api.Hosting;
using Compressor.Api.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddOptions<KestrelServerOptions>()
    .Configure<IOptions<ApiOptions>>((kestrel, api) => kestrel.Limits.MaxRequestBodySize = api.Value.MaxRequestBytes);
builder.Services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemMapper.AddMissingCode);
builder.Services.AddExceptionHandler<ProblemMapper>();
builder.Services.AddOpenApi("v1");
builder.Services.AddCompressor(builder.Configuration);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<ApiKeyMiddleware>();

if (WebRoot.Find(app.Configuration, app.Environment.ContentRootPath) is { } web)
{
    var files = new PhysicalFileProvider(web);
    app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
    app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
}

app.MapOpenApi("/openapi/{documentName}.json");
app.UseSwaggerUI(o =>
{
    o.RoutePrefix = "docs";
    o.SwaggerEndpoint("/openapi/v1.json", "Compressor v1");
});

HealthEndpoints.Map(app);
ModelEndpoints.Map(app);
TokenizeEndpoints.Map(app);
GenerateEndpoints.Map(app);
CompressEndpoints.Map(app);
CompressionRecordEndpoints.Map(app);
ChatCompletionsEndpoints.Map(app);

app.Run();

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
