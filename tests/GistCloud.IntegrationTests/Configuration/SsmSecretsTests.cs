using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using GistCloud.Core.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace GistCloud.IntegrationTests.Configuration;

/// <summary>The real AWS SDK against a small SSM fake speaking AWS JSON 1.1 on 127.0.0.1.</summary>
public sealed class SsmSecretsTests : IAsyncLifetime
{
    private readonly Dictionary<string, string> _parameters = new()
    {
        ["/gistcloud/test/github-token"] = "ghp_FromSsm0123456789",
        ["/gistcloud/test/api-key"] = "api-key-from-ssm-0123456789",
    };

    private readonly List<JsonObject> _requests = [];
    private WebApplication _fake = null!;
    private string _url = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _fake = builder.Build();
        _fake.MapPost("/", async (HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
            lock (_requests)
            {
                _requests.Add(body);
            }

            if (context.Request.Headers["X-Amz-Target"] != "AmazonSSM.GetParameters")
            {
                return Results.BadRequest();
            }

            var names = body["Names"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
            var found = names.Where(_parameters.ContainsKey)
                .Select(n => new { Name = n, Type = "SecureString", Value = _parameters[n], Version = 1 });
            var answer = JsonSerializer.Serialize(new { Parameters = found, InvalidParameters = names.Where(n => !_parameters.ContainsKey(n)) });
            return Results.Text(answer, "application/x-amz-json-1.1");
        });
        await _fake.StartAsync();
        _url = _fake.Urls.First();
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public void Parameter_names_are_resolved_decrypted_into_their_keys()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["GitHub:TokenParameter"] = "/gistcloud/test/github-token",
                ["Api:KeyParameter"] = "/gistcloud/test/api-key",
                ["Storage:TablePrefix"] = "kept-",
            })
            .AddSsmSecrets(Client)
            .Build();

        Assert.Equal("ghp_FromSsm0123456789", configuration["GitHub:Token"]);
        Assert.Equal("api-key-from-ssm-0123456789", configuration["Api:Key"]);
        Assert.Equal("kept-", configuration["Storage:TablePrefix"]);
        var request = Assert.Single(_requests);
        Assert.True(request["WithDecryption"]!.GetValue<bool>());
        Assert.Equal(2, request["Names"]!.AsArray().Count);
    }

    [Fact]
    public void A_missing_parameter_fails_at_start_naming_it_but_no_value()
    {
        var builder = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitHub:TokenParameter"] = "/gistcloud/test/github-token",
            ["Pipedrive:ApiTokenParameter"] = "/gistcloud/test/missing",
        });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddSsmSecrets(Client));

        Assert.Contains("/gistcloud/test/missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("Pipedrive:ApiTokenParameter", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_FromSsm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_parameter_references_ssm_is_never_called()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["GitHub:Token"] = "local-token" })
            .AddSsmSecrets(() => throw new InvalidOperationException("SSM must not be asked"))
            .Build();

        Assert.Equal("local-token", configuration["GitHub:Token"]);
        Assert.Empty(_requests);
    }

    private AmazonSimpleSystemsManagementClient Client() => new(
        new BasicAWSCredentials("test", "test"),
        new AmazonSimpleSystemsManagementConfig { ServiceURL = _url, AuthenticationRegion = "us-east-1" });
}
