using CaseFlow.Workflows.Definitions;

namespace CaseFlow.Workflows.Tests.Definitions;

public sealed class DefinitionIdTests
{
    private static readonly string[] Hostile =
    [
        "",
        "../../x",
        "..",
        "a/b",
        "a\\b",
        "a\"b",
        "a'b",
        "a\r\nb",
        "a b",
        "a\tb",
        "a\0b",
        ".hidden",
        "-rf",
        "a..b",
        "ａb",
        "\ud800",
        new string('a', 101),
        new string('a', 300),
    ];

    [Fact]
    public void AnIdWithAPathAQuoteAControlCharacterOrTooManyCharacters_IsRefusedWithAReason()
    {
        foreach (var id in Hostile)
        {
            Assert.False(DefinitionId.IsValid(id), id);
            var reason = DefinitionId.Problem(id);
            Assert.NotNull(reason);

            // The reason is shown in problem details and logs: the refused characters must not come back in it.
            Assert.False(reason.Any(c => char.IsControl(c) || char.IsSurrogate(c)), reason);
        }
    }

    [Theory]
    [InlineData("complaint-handling")]
    [InlineData("1590068018aa4f0a")]
    [InlineData("c3a9e6f1b2d84e7a9f5c0b1d2e3f4a5b")]
    [InlineData("input-output-logging-1")]
    [InlineData("complaint-handling-survey-v1")]
    [InlineData("Claims_Intake.v2")]
    [InlineData("x")]
    public void ElsasGeneratedIdsAndTheShippedReadableIds_AreValid(string id) =>
        Assert.Null(DefinitionId.Problem(id));

    [Fact]
    public void AnIdOfExactlyTheMaximumLength_IsValid() =>
        Assert.True(DefinitionId.IsValid(new string('a', DefinitionId.MaxLength)));
}
