using GistCloud.Core.Domain.Visits;

namespace GistCloud.UnitTests.Domain.Visits;

public class ViewerIdTests
{
    [Theory]
    [InlineData("anonymous")]
    [InlineData("5f0c2a9e-4a5b-4a7e-9a0e-1b2c3d4e5f60")]
    [InlineData("viewer_1")]
    public void Client_generated_ids_are_accepted_as_given(string text)
    {
        Assert.True(ViewerId.TryParse(text, out var viewer, out _));
        Assert.Equal(text, viewer.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a#b")]
    [InlineData("ünïcode")]
    public void Ids_outside_the_alphabet_are_rejected(string text)
    {
        Assert.False(ViewerId.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Ids_longer_than_64_characters_are_rejected()
    {
        Assert.True(ViewerId.TryParse(new string('v', 64), out _, out _));
        Assert.False(ViewerId.TryParse(new string('v', 65), out _, out var error));
        Assert.Contains("64", error, StringComparison.Ordinal);
    }
}
