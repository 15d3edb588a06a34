namespace GistCloud.Api.Health;

public sealed record HealthResponse(string Status);
