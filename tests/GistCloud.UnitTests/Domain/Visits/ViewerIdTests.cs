using System.Text.RegularExpressions;
using GistCloud.Core.Domain.Visits;

namespace GistCloud.UnitTests.Domain.Visits;

public class ViewerIdTests
{
    [Theory]
    [InlineData("5f0c2a9e-4a5b-4a7e-9a0e-1b2c3d4e5f60", "5f0c2a9e-4a5b-4a7e-9a0e-1b2c3d4e5f60")]
    [InlineData("3B241101-E2BB-4255-8CAF-4136C566A962", "3b241101-e2bb-4255-8caf-4136c566a962")]
    [InlineData("00000000-0000-4000-b000-000000000000", "00000000-0000-4000-b000-000000000000")]
    public void A_version_4_uuid_is_accepted_and_kept_lower_case(string text, string expected)
    {
        Assert.True(ViewerId.TryParse(text, out var viewer, out _));
        Assert.Equal(expected, viewer.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("anonymous")]
    [InlineData("viewer-1")]
    [InlineData("5f0c2a9e-4a5b-1a7e-9a0e-1b2c3d4e5f60")] // version 1
    [InlineData("0195f4c2-a7b8-7c3d-9e0f-112233445566")] // version 7: part of it is a timestamp
    [InlineData("5f0c2a9e-4a5b-4a7e-ca0e-1b2c3d4e5f60")] // variant 110x
    [InlineData("5f0c2a9e4a5b4a7e9a0e1b2c3d4e5f60")] // no hyphens
    [InlineData("{5f0c2a9e-4a5b-4a7e-9a0e-1b2c3d4e5f60}")]
    [InlineData("5f0c2a9e-4a5b-4a7e-9a0e-1b2c3d4e5f6g")]
    [InlineData("5f0c2a9e-4a5b-4a7e-9a0e-1b2c3d4e5f60\n")]
    [InlineData("5f0c2a9e-4a5b-4a7e-9a0e-1b2c3d4e5f6١")] // an Arabic-Indic digit is not hex
    public void Anything_but_a_canonical_version_4_uuid_is_rejected_with_a_message(string text)
    {
        Assert.False(ViewerId.TryParse(text, out _, out var error));
        Assert.Contains("UUID", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Issued_ids_are_distinct_version_4_uuids_that_parse_back()
    {
        var issued = Enumerable.Range(0, 1000).Select(_ => ViewerId.New()).ToList();

        Assert.Equal(issued.Count, issued.Distinct().Count());
        Assert.All(issued, id =>
        {
            Assert.Matches(ViewerId.Pattern, id.Value);
            Assert.True(ViewerId.TryParse(id.Value, out var parsed, out _));
            Assert.Equal(id, parsed);
            Assert.Equal(4, Guid.Parse(id.Value).Version);
        });
    }

    [Fact]
    public void Issued_ids_use_all_122_random_bits()
    {
        // Every random bit position takes both values over 1000 ids (a fixed bit would have a 2^-999 chance to pass).
        var ids = Enumerable.Range(0, 1000).Select(_ => Convert.FromHexString(ViewerId.New().Value.Replace("-", "", StringComparison.Ordinal))).ToList();
        var fixedBits = Enumerable.Range(0, 128).Count(bit => ids.Select(b => (b[bit / 8] >> (7 - (bit % 8))) & 1).Distinct().Count() == 1);

        Assert.Equal(6, fixedBits); // 4 version bits and 2 variant bits
    }

    [Fact]
    public void The_published_pattern_is_the_rule_TryParse_applies()
    {
        foreach (var text in new[] { "5f0c2a9e-4a5b-4a7e-9a0e-1b2c3d4e5f60", "5f0c2a9e-4a5b-5a7e-9a0e-1b2c3d4e5f60", "viewer-1" })
        {
            Assert.Equal(Regex.IsMatch(text, ViewerId.Pattern), ViewerId.TryParse(text, out _, out _));
        }
    }

    [Fact]
    public void A_stored_legacy_id_reads_as_it_was()
    {
        Assert.Equal("viewer-1", ViewerId.FromStored("viewer-1").Value);
    }

    [Fact]
    public void A_persons_viewer_is_the_same_for_the_same_subject_and_issuer_and_no_header_can_name_it()
    {
        const string cognito = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC";
        var person = ViewerId.ForPerson(cognito, "7f1c2e10-9b1d-4c39-8f5e-0a1b2c3d4e5f");

        Assert.Equal(person, ViewerId.ForPerson(cognito, "7f1c2e10-9b1d-4c39-8f5e-0a1b2c3d4e5f"));
        Assert.NotEqual(person, ViewerId.ForPerson(cognito, "another-subject"));
        Assert.NotEqual(person, ViewerId.ForPerson("https://idp.example.com", "7f1c2e10-9b1d-4c39-8f5e-0a1b2c3d4e5f"));
        Assert.Equal(8, Guid.Parse(person.Value).Version);
        Assert.False(ViewerId.TryParse(person.Value, out _, out _)); // headers carry version 4 ids only
    }
}
