using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;

namespace Orleans.Wandb.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class ProjectGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private IProjectGrain NewProject(out string key)
    {
        key = ProjectKey.From("local", TestNames.Unique("proj"));
        return fixture.GrainFactory.GetGrain<IProjectGrain>(key);
    }

    private static RunRow Row(long id, int minute, string? name = null) =>
        new() { Id = id, Name = name ?? $"run{id:D3}", CreatedAt = T0.AddMinutes(minute) };

    private static async Task<List<RunRow>> ReadAllAsync(IProjectGrain project, string? order, int pageSize, Func<Task>? betweenPages = null)
    {
        var rows = new List<RunRow>();
        string? cursor = null;
        while (true)
        {
            var page = await project.ListRunsAsync(new RunListQuery(order, cursor, pageSize, "{}"));
            rows.AddRange(page.Rows.Select(e => e.Row));
            if (!page.HasNextPage)
            {
                return rows;
            }

            cursor = page.Rows[^1].Cursor;
            if (betweenPages is not null)
            {
                await betweenPages();
            }
        }
    }

    [Fact]
    public async Task Ensure_creates_the_project_once()
    {
        var project = NewProject(out _);
        Assert.Null(await project.GetAsync());

        var first = await project.EnsureAsync(1);
        var second = await project.EnsureAsync(2);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, second.CreatedBy);
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_by_default()
    {
        var project = NewProject(out _);
        foreach (var (id, minute) in new[] { (1L, 5), (2L, 1), (3L, 9) })
        {
            await project.UpsertRunRowAsync(Row(id, minute));
        }

        var page = await project.ListRunsAsync(new RunListQuery(null, null, 10, null));

        Assert.Equal([3L, 1L, 2L], page.Rows.Select(r => r.Row.Id));
        Assert.Equal(3, page.TotalCount);
        Assert.False(page.HasNextPage);
    }

    [Theory]
    [InlineData("+created_at", new long[] { 2, 1, 3 })]
    [InlineData("createdAt", new long[] { 2, 1, 3 })]
    [InlineData("-created_at", new long[] { 3, 1, 2 })]
    [InlineData("name", new long[] { 3, 2, 1 })]
    [InlineData("-name", new long[] { 1, 2, 3 })]
    public async Task Runs_are_sorted_by_the_requested_order(string order, long[] expected)
    {
        var project = NewProject(out _);
        await project.UpsertRunRowAsync(Row(1, 5, "c"));
        await project.UpsertRunRowAsync(Row(2, 1, "b"));
        await project.UpsertRunRowAsync(Row(3, 9, "a"));

        Assert.Equal(expected, (await ReadAllAsync(project, order, 10)).Select(r => r.Id));
    }

    [Fact]
    public async Task Paging_newest_first_stays_stable_while_new_runs_arrive()
    {
        var project = NewProject(out _);
        for (var i = 1; i <= 10; i++)
        {
            await project.UpsertRunRowAsync(Row(i, i));
        }

        var next = 11;
        var seen = await ReadAllAsync(project, "-created_at", 3, async () =>
        {
            // A newer run lands between pages; it belongs before the first page, so it must not shift the rest.
            await project.UpsertRunRowAsync(Row(next, next));
            next++;
        });

        Assert.Equal(Enumerable.Range(1, 10).Reverse().Select(i => (long)i), seen.Select(r => r.Id));
    }

    [Fact]
    public async Task Paging_oldest_first_sees_runs_that_arrive_after_the_cursor()
    {
        var project = NewProject(out _);
        for (var i = 1; i <= 5; i++)
        {
            await project.UpsertRunRowAsync(Row(i, i));
        }

        var next = 6;
        var seen = await ReadAllAsync(project, "+created_at", 2, async () =>
        {
            if (next <= 7)
            {
                await project.UpsertRunRowAsync(Row(next, next));
                next++;
            }
        });

        Assert.Equal(Enumerable.Range(1, 7).Select(i => (long)i), seen.Select(r => r.Id));
    }

    [Fact]
    public async Task Runs_with_equal_sort_keys_page_by_id_without_repeats()
    {
        var project = NewProject(out _);
        for (var i = 1; i <= 7; i++)
        {
            await project.UpsertRunRowAsync(Row(i, 0));
        }

        var seen = await ReadAllAsync(project, null, 2);

        Assert.Equal([7L, 6L, 5L, 4L, 3L, 2L, 1L], seen.Select(r => r.Id));
    }

    [Fact]
    public async Task A_changed_row_replaces_the_old_one()
    {
        var project = NewProject(out _);
        await project.UpsertRunRowAsync(Row(1, 1) with { State = RunStates.Running });
        await project.UpsertRunRowAsync(Row(1, 1) with { State = RunStates.Finished });

        var page = await project.ListRunsAsync(new RunListQuery(null, null, 10, null));
        Assert.Equal(RunStates.Finished, Assert.Single(page.Rows).Row.State);

        await project.RemoveRunAsync("run001");
        Assert.Equal(0, (await project.ListRunsAsync(new RunListQuery(null, null, 10, null))).TotalCount);
    }

    [Fact]
    public async Task Unknown_filter_fields_operators_and_orders_are_refused_naming_them()
    {
        var project = NewProject(out _);
        await project.ListRunsAsync(new RunListQuery(null, null, 10, " { } "));

        foreach (var (filters, order, named) in new[]
                 {
                     ("{\"colour\": \"red\"}", (string?)null, "colour"),
                     ("{\"state\": {\"$near\": 1}}", null, "$near"),
                     ("{\"$xor\": []}", null, "$xor"),
                     ("{}", "-bogus", "bogus"),
                 })
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => project.ListRunsAsync(new RunListQuery(order, null, 10, filters)));
            Assert.Contains(named, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_cursor_of_another_order_is_refused()
    {
        var project = NewProject(out _);
        await project.UpsertRunRowAsync(Row(1, 1));
        await project.UpsertRunRowAsync(Row(2, 2));
        var page = await project.ListRunsAsync(new RunListQuery("name", null, 1, null));

        await Assert.ThrowsAsync<ArgumentException>(
            () => project.ListRunsAsync(new RunListQuery("-created_at", page.Rows[0].Cursor, 1, null)));
    }

    [Fact]
    public async Task A_reactivated_project_loads_its_runs_from_the_run_index()
    {
        var project = NewProject(out var key);
        var (entity, name) = ProjectKey.Parse(key);
        for (var i = 0; i < 3; i++)
        {
            await fixture.GrainFactory.GetGrain<IRunGrain>(RunKey.From(entity, name, $"r{i}"))
                .UpsertAsync(new RunUpsert { UserId = 1, DisplayName = $"display {i}" });
        }

        await project.Cast<IGrainManagementExtension>().DeactivateOnIdle();

        var page = await project.ListRunsAsync(new RunListQuery("+name", null, 10, null));
        Assert.Equal(["r0", "r1", "r2"], page.Rows.Select(r => r.Row.Name));
        Assert.Equal("display 1", page.Rows[1].Row.DisplayName);
        Assert.Equal(3, (await project.GetAsync())!.RunCount);
    }
}
