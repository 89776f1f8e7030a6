using GraphQLParser;
using Microsoft.Extensions.Options;
using Orleans.Wandb.Web.GraphQL.Limits;

namespace Orleans.Wandb.Tests.GraphQL;

/// <summary>
/// The document limits sit far above everything the official clients send: every recorded request and every
/// document the reference quotes fits, with the measured maximums written next to the defaults in
/// <see cref="GraphQLLimitsOptions"/>.
/// </summary>
public sealed class DocumentLimitsTests
{
    private static readonly DocumentLimits Limits = new(Options.Create(new GraphQLLimitsOptions()));

    [Fact]
    public void Every_real_client_document_passes_the_limits()
    {
        foreach (var (label, query) in RealDocuments())
        {
            var (document, refusal) = Limits.Check(query);
            Assert.True(document is not null, $"{label}: {refusal}");
        }
    }

    [Fact]
    public void The_real_client_documents_stay_within_the_maximums_documented_next_to_the_limits()
    {
        var worst = RealDocuments().Select(d => DocumentCost.Of(Parser.Parse(d.Query))).ToList();

        Assert.True(worst.Max(c => c.Fields) <= 70, $"fields {worst.Max(c => c.Fields)}");
        Assert.True(worst.Max(c => c.Depth) <= 11, $"depth {worst.Max(c => c.Depth)}");
        Assert.True(worst.Max(c => c.FragmentSpreads) <= 14, $"spreads {worst.Max(c => c.FragmentSpreads)}");
        Assert.True(worst.Max(c => c.Directives) <= 6, $"directives {worst.Max(c => c.Directives)}");
    }

    [Fact]
    public void A_fragment_spread_twice_counts_its_fields_twice()
    {
        var cost = DocumentCost.Of(Parser.Parse("{ viewer { ...U ...U } } fragment U on User { id name @skip(if: false) }"));

        Assert.Equal(new DocumentCost(Fields: 5, Depth: 2, FragmentSpreads: 2, Directives: 2), cost);
    }

    [Fact]
    public void A_fragment_cycle_is_measured_without_looping_and_left_to_the_standard_rules()
    {
        var (document, refusal) = Limits.Check("{ viewer { ...A } } fragment A on User { id ...B } fragment B on User { ...A }");

        Assert.NotNull(document);
        Assert.Null(refusal);
    }

    internal static IEnumerable<(string Label, string Query)> RealDocuments() =>
        RecordedGraphQLRequests.All.Select(r => ($"{r.File} seq {r.Seq}", r.Query))
            .Concat(ReferenceDocuments.FromReference().Select(p => (p.Key, p.Value)))
            .Concat(ReferenceDocuments.Inline.Select(p => (p.Key, p.Value)));
}
