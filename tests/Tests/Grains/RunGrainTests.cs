using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Storage;
using Orleans.Wandb.Contracts.Keys;
using Orleans.Wandb.Contracts.Projects;
using Orleans.Wandb.Contracts.Runs;
using Orleans.Wandb.Contracts.Storage;
using Orleans.Wandb.Grains.Hosting;
using Orleans.Wandb.Grains.Runs;

namespace Orleans.Wandb.Tests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class RunGrainTests(ClusterFixture fixture)
{
    private static FileStreamBatch History(int offset, params string[] lines) =>
        new() { Files = [new FileChunk(StreamFiles.History, offset, lines)] };

    private static string Row(int step, double loss) => $"{{\"loss\": {loss}, \"_step\": {step}}}";

    private (string Key, IRunGrain Grain) NewRun()
    {
        var key = TestNames.RunKeyInFreshProject();
        return (key, fixture.GrainFactory.GetGrain<IRunGrain>(key));
    }

    private async Task<RunInfo> GetAsync(IRunGrain run) => (await run.GetAsync())!;

    private async Task DeactivateAsync(IRunGrain run)
    {
        await run.Cast<IGrainManagementExtension>().DeactivateOnIdle();
    }

    [Fact]
    public async Task Resending_the_same_batch_keeps_counts_and_lines()
    {
        var (_, run) = NewRun();
        var batch = History(0, Row(0, 1.0), Row(1, 0.5), Row(2, 0.25));

        await run.AppendAsync(batch);
        await run.AppendAsync(batch);
        await run.AppendAsync(batch);

        var info = await GetAsync(run);
        Assert.Equal(3, info.HistoryLineCount);
        Assert.Equal([Row(0, 1.0), Row(1, 0.5), Row(2, 0.25)], info.HistoryTail);
        Assert.Equal(3, (await run.GetHistoryAsync(new HistoryWindow(RunStream.History, null, null, 0))).Count);
    }

    [Fact]
    public async Task Writing_at_an_earlier_offset_replaces_the_line_there()
    {
        var (_, run) = NewRun();
        await run.AppendAsync(History(0, Row(0, 1.0), Row(1, 2.0)));
        await run.AppendAsync(History(1, Row(1, 9.0)));

        var info = await GetAsync(run);
        Assert.Equal(2, info.HistoryLineCount);
        Assert.Equal([Row(0, 1.0), Row(1, 9.0)], info.HistoryTail);
    }

    [Fact]
    public async Task Output_log_rewrites_replace_earlier_lines_and_lose_one_trailing_newline()
    {
        var (key, run) = NewRun();
        await run.AppendAsync(new FileStreamBatch
        {
            Files = [new FileChunk(StreamFiles.Output, 0, ["2026-11-26T06:15:18 step 1\n", "progress 10%\n"])],
        });
        await run.AppendAsync(new FileStreamBatch
        {
            Files = [new FileChunk(StreamFiles.Output, 1, ["progress 100%\n", "done\n\n"])],
        });

        Assert.Equal(3, (await GetAsync(run)).LogLineCount);
        var lines = await StreamFileReader.ReadLinesAsync(fixture.RunLog, key, StreamFileKind.Output);
        Assert.Equal(["2026-11-26T06:15:18 step 1", "progress 100%", "done\n"], lines);
    }

    [Fact]
    public async Task A_summary_line_replaces_the_whole_summary()
    {
        var (_, run) = NewRun();
        await run.AppendAsync(new FileStreamBatch { Files = [new FileChunk(StreamFiles.Summary, 0, ["{\"loss\": 1, \"acc\": 0.5}"])] });
        await run.AppendAsync(new FileStreamBatch { Files = [new FileChunk(StreamFiles.Summary, 0, ["{\"loss\": NaN}"])] });

        Assert.Equal("{\"loss\": NaN}", (await GetAsync(run)).SummaryMetrics);
    }

    [Fact]
    public async Task Events_lines_set_the_system_metrics_and_their_own_tail()
    {
        var (_, run) = NewRun();
        await run.AppendAsync(new FileStreamBatch
        {
            Files = [new FileChunk(StreamFiles.Events, 0, ["{\"system.cpu\": 1}", "{\"system.cpu\": 2}"])],
        });

        var info = await GetAsync(run);
        Assert.Equal(2, info.EventsLineCount);
        Assert.Equal("{\"system.cpu\": 2}", info.SystemMetrics);
        Assert.Equal(["{\"system.cpu\": 1}", "{\"system.cpu\": 2}"], info.EventsTail);
    }

    [Fact]
    public async Task The_history_tail_keeps_the_last_ten_lines_by_index()
    {
        var (_, run) = NewRun();
        await run.AppendAsync(History(0, Enumerable.Range(0, 25).Select(i => Row(i, i)).ToArray()));

        var info = await GetAsync(run);
        Assert.Equal(25, info.HistoryLineCount);
        Assert.Equal(Enumerable.Range(15, 10).Select(i => Row(i, i)), info.HistoryTail);
    }

    [Theory]
    [InlineData(0, RunStates.Finished)]
    [InlineData(1, RunStates.Failed)]
    public async Task Complete_ends_the_run_by_exit_code(int exitCode, string expected)
    {
        var (_, run) = NewRun();
        await run.AppendAsync(History(0, Row(0, 1)));
        await run.AppendAsync(new FileStreamBatch { Complete = true, ExitCode = exitCode });

        var info = await GetAsync(run);
        Assert.Equal(expected, info.State);
        Assert.Equal(exitCode, info.ExitCode);
    }

    [Fact]
    public async Task Complete_after_a_stop_request_is_killed_and_answers_stopped()
    {
        var (_, run) = NewRun();
        await run.AppendAsync(History(0, Row(0, 1)));
        Assert.False((await run.AppendAsync(History(1, Row(1, 1)))).Stopped);

        await run.RequestStopAsync();

        Assert.True((await run.AppendAsync(History(2, Row(2, 1)))).Stopped);
        Assert.True((await run.AppendAsync(new FileStreamBatch { Complete = true, ExitCode = 0 })).Stopped);
        var info = await GetAsync(run);
        Assert.Equal(RunStates.Killed, info.State);
        Assert.True(info.Stopped);
    }

    [Fact]
    public async Task The_finished_state_reaches_the_project_at_once()
    {
        var (key, run) = NewRun();
        await run.AppendAsync(History(0, Row(0, 1)));
        await run.AppendAsync(new FileStreamBatch { Complete = true, ExitCode = 0 });

        var project = fixture.GrainFactory.GetGrain<IProjectGrain>(ProjectKey.OfRun(key));
        var page = await project.ListRunsAsync(new RunListQuery(null, null, 10, null));
        Assert.Equal(RunStates.Finished, Assert.Single(page.Rows).Row.State);
    }

    [Fact]
    public async Task An_invalid_line_rejects_the_whole_batch_and_stores_nothing()
    {
        var (key, run) = NewRun();
        await run.AppendAsync(History(0, Row(0, 1)));

        var bad = new FileStreamBatch
        {
            Files =
            [
                new FileChunk(StreamFiles.History, 1, [Row(1, 1), Row(2, 2)]),
                new FileChunk(StreamFiles.Events, 0, ["{\"system.cpu\": 1}", "[1, 2]"]),
            ],
        };
        var error = await Assert.ThrowsAsync<InvalidRunDataException>(() => run.AppendAsync(bad).AsTask());
        Assert.Contains(StreamFiles.Events, error.Message);

        Assert.Equal(1, (await GetAsync(run)).HistoryLineCount);
        var records = 0;
        await foreach (var _ in fixture.RunLog.ReadAsync(key))
        {
            records++;
        }

        Assert.Equal(1, records);
    }

    [Theory]
    [InlineData("{\"a\": 1")]
    [InlineData("{\"a\": nan}")]
    [InlineData("{\"a\": 1} x")]
    [InlineData("\"text\"")]
    [InlineData("")]
    public async Task Lines_that_are_not_json_objects_are_rejected(string line)
    {
        var (_, run) = NewRun();
        await Assert.ThrowsAsync<InvalidRunDataException>(() => run.AppendAsync(History(0, line)).AsTask());
        Assert.Null(await run.GetAsync());
    }

    [Fact]
    public async Task A_negative_offset_is_rejected()
    {
        var (_, run) = NewRun();
        await Assert.ThrowsAsync<InvalidRunDataException>(() => run.AppendAsync(History(-1, Row(0, 1))).AsTask());
    }

    [Fact]
    public async Task Reactivation_restores_the_same_run()
    {
        var (_, run) = NewRun();
        await run.UpsertAsync(new RunUpsert { Config = "{\"lr\": {\"value\": 0.1}}", Tags = ["a", "b"], UserId = 1 });
        await run.AppendAsync(new FileStreamBatch
        {
            Files =
            [
                new FileChunk(StreamFiles.History, 0, Enumerable.Range(0, 12).Select(i => Row(i, i)).ToArray()),
                new FileChunk(StreamFiles.Events, 0, ["{\"system.cpu\": 3}"]),
                new FileChunk(StreamFiles.Summary, 0, ["{\"loss\": 11}"]),
                new FileChunk(StreamFiles.Output, 0, ["hello\n"]),
            ],
        });
        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(3));
        await run.AppendAsync(new FileStreamBatch { Preempting = true });
        var before = JsonSerializer.Serialize(await GetAsync(run));

        await DeactivateAsync(run);

        Assert.Equal(before, JsonSerializer.Serialize(await GetAsync(run)));
    }

    [Fact]
    public async Task Activation_replays_log_records_the_persisted_state_does_not_cover()
    {
        var (key, run) = NewRun();
        await run.UpsertAsync(new RunUpsert { UserId = 1 });

        // As if the previous activation had acknowledged these batches and then died before checkpointing.
        var at = ClusterFixture.Clock.GetUtcNow();
        foreach (var batch in new[] { History(0, Row(0, 1), Row(1, 2)), History(2, Row(2, 3)) })
        {
            using var record = RunLogCodec.Encode(batch, at);
            await fixture.RunLog.AppendAsync(key, record.Memory);
        }

        await DeactivateAsync(run);

        var info = await GetAsync(run);
        Assert.Equal(3, info.HistoryLineCount);
        Assert.Equal([Row(0, 1), Row(1, 2), Row(2, 3)], info.HistoryTail);
        Assert.Equal(at, info.HeartbeatAt);
    }

    [Fact]
    public async Task A_run_whose_state_another_activation_wrote_hands_over_and_the_next_activation_has_the_rows_of_both()
    {
        var (key, run) = NewRun();
        await run.UpsertAsync(new RunUpsert { UserId = 1 });
        await run.AppendAsync(History(0, Row(0, 1), Row(1, 2)));

        // Two activations lived at once after a silo died: the other one acknowledged a batch and checkpointed.
        var storage = fixture.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Metadata);
        var state = new GrainState<RunState>(new RunState());
        await storage.ReadStateAsync(StateNames.Run, run.GetGrainId(), state);
        var theirs = History(2, Row(2, 3));
        var at = ClusterFixture.Clock.GetUtcNow();
        using (var record = RunLogCodec.Encode(theirs, at))
        {
            state.State!.LogPosition = await fixture.RunLog.AppendAsync(key, record.Memory);
        }

        RunStateMachine.Apply(state.State, theirs.Files, theirs.Complete, theirs.ExitCode, theirs.Preempting, at);

        await storage.WriteStateAsync(StateNames.Run, run.GetGrainId(), state);

        // This activation's next checkpoint is refused (a 503 for the client); the retry meets a fresh activation.
        await Assert.ThrowsAsync<InconsistentStateException>(() => run.UpsertAsync(new RunUpsert { Notes = "n", UserId = 1 }));
        await run.UpsertAsync(new RunUpsert { Notes = "n", UserId = 1 });

        var info = await GetAsync(run);
        Assert.Equal("n", info.Notes);
        Assert.Equal(3, info.HistoryLineCount);
        Assert.Equal([Row(0, 1), Row(1, 2), Row(2, 3)], await run.GetHistoryAsync(new HistoryWindow(RunStream.History, null, null, 0)));
    }

    [Fact]
    public async Task A_silent_running_run_is_marked_crashed_and_revives_on_its_next_post()
    {
        var (_, run) = NewRun();
        await run.AppendAsync(History(0, Row(0, 1)));
        var remindable = run.AsReference<IRemindable>();

        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(4));
        await remindable.ReceiveReminder(RunGrain.HeartbeatReminder, default);
        Assert.Equal(RunStates.Running, (await GetAsync(run)).State);

        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(2));
        await remindable.ReceiveReminder(RunGrain.HeartbeatReminder, default);
        Assert.Equal(RunStates.Crashed, (await GetAsync(run)).State);

        await run.AppendAsync(new FileStreamBatch());
        Assert.Equal(RunStates.Running, (await GetAsync(run)).State);
    }

    [Fact]
    public async Task A_silent_preempting_run_becomes_preempted()
    {
        var (_, run) = NewRun();
        await run.AppendAsync(new FileStreamBatch { Preempting = true });
        Assert.Equal(RunStates.Preempting, (await GetAsync(run)).State);

        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(6));
        await run.AsReference<IRemindable>().ReceiveReminder(RunGrain.HeartbeatReminder, default);

        Assert.Equal(RunStates.Preempted, (await GetAsync(run)).State);
    }

    [Fact]
    public async Task A_preempting_run_stays_preempting_through_later_posts_and_a_silent_one_becomes_preempted()
    {
        var (_, run) = NewRun();
        await run.AppendAsync(History(0, Row(0, 1)));
        await run.AppendAsync(new FileStreamBatch { Preempting = true });

        // The client sends the flag once; its next posts (history, heartbeats) do not repeat it.
        await run.AppendAsync(History(1, Row(1, 2)));
        await run.AppendAsync(new FileStreamBatch());
        Assert.Equal(RunStates.Preempting, (await GetAsync(run)).State);
        await DeactivateAsync(run);
        Assert.Equal(RunStates.Preempting, (await GetAsync(run)).State);

        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(6));
        await run.AsReference<IRemindable>().ReceiveReminder(RunGrain.HeartbeatReminder, default);

        Assert.Equal(RunStates.Preempted, (await GetAsync(run)).State);
    }

    [Fact]
    public async Task A_preempting_run_ends_finished_with_its_final_post()
    {
        var (_, run) = NewRun();
        await run.AppendAsync(new FileStreamBatch { Preempting = true });

        await run.AppendAsync(new FileStreamBatch { Complete = true, ExitCode = 0 });

        Assert.Equal(RunStates.Finished, (await GetAsync(run)).State);
    }

    [Fact]
    public async Task A_preempting_run_resumed_by_a_new_run_process_is_running_again_but_config_updates_do_not_resume_it()
    {
        var (_, run) = NewRun();
        await run.UpsertAsync(new RunUpsert { Host = "node-1", UserId = 1 });
        await run.AppendAsync(new FileStreamBatch { Preempting = true });

        await run.UpsertAsync(new RunUpsert { Config = "{\"lr\": 1}", UserId = 1 });
        await run.UpsertAsync(new RunUpsert { Host = "laptop", Notes = "public", FromPublicApi = true, UserId = 1 });
        Assert.Equal(RunStates.Preempting, (await GetAsync(run)).State);

        await run.UpsertAsync(new RunUpsert { Host = "node-2", UserId = 1 });
        Assert.Equal(RunStates.Running, (await GetAsync(run)).State);
        await run.AppendAsync(new FileStreamBatch());
        Assert.Equal(RunStates.Running, (await GetAsync(run)).State);
    }

    [Fact]
    public async Task A_preempted_run_revives_on_its_next_post()
    {
        var (_, run) = NewRun();
        await run.AppendAsync(new FileStreamBatch { Preempting = true });
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(6));
        await run.AsReference<IRemindable>().ReceiveReminder(RunGrain.HeartbeatReminder, default);

        await run.AppendAsync(new FileStreamBatch());

        Assert.Equal(RunStates.Running, (await GetAsync(run)).State);
    }

    [Fact]
    public async Task A_crash_survives_reactivation()
    {
        var (_, run) = NewRun();
        await run.AppendAsync(History(0, Row(0, 1)));
        ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(6));
        await run.AsReference<IRemindable>().ReceiveReminder(RunGrain.HeartbeatReminder, default);

        await DeactivateAsync(run);

        Assert.Equal(RunStates.Crashed, (await GetAsync(run)).State);
    }

    [Fact]
    public async Task History_window_keeps_steps_from_min_inclusive_to_max_exclusive()
    {
        var (_, run) = NewRun();
        await run.AppendAsync(History(0, Enumerable.Range(0, 100).Select(i => Row(i, i)).ToArray()));

        var lines = await run.GetHistoryAsync(new HistoryWindow(RunStream.History, 10, 20, 1000));

        Assert.Equal(Enumerable.Range(10, 10).Select(i => Row(i, i)), lines);
    }

    [Fact]
    public async Task History_is_sampled_evenly_keeping_first_and_last()
    {
        var (_, run) = NewRun();
        await run.AppendAsync(History(0, Enumerable.Range(0, 100).Select(i => Row(i, i)).ToArray()));

        var lines = await run.GetHistoryAsync(new HistoryWindow(RunStream.History, null, null, 5));

        Assert.Equal(new[] { 0, 24, 49, 74, 99 }.Select(i => Row(i, i)), lines);
    }

    [Fact]
    public async Task History_keys_report_last_step_type_counts_and_previous_values()
    {
        var (_, run) = NewRun();
        Assert.Equal(-1, JsonDocument.Parse(await run.GetHistoryKeysAsync()).RootElement.GetProperty("lastStep").GetInt32());

        await run.AppendAsync(History(
            0,
            "{\"loss\": 1.5, \"_step\": 0}",
            "{\"loss\": NaN, \"note\": \"x\", \"_step\": 1}",
            "{\"loss\": 0.25, \"img\": {\"_type\": \"image-file\", \"path\": \"a.png\"}, \"_step\": 7}"));

        using var keys = JsonDocument.Parse(await run.GetHistoryKeysAsync());
        var root = keys.RootElement;
        Assert.Equal(7, root.GetProperty("lastStep").GetInt64());
        var loss = root.GetProperty("keys").GetProperty("loss");
        var typeCount = Assert.Single(loss.GetProperty("typeCounts").EnumerateArray());
        Assert.Equal("number", typeCount.GetProperty("type").GetString());
        Assert.Equal(3, typeCount.GetProperty("count").GetInt32());
        Assert.Equal(0.25, loss.GetProperty("previousValue").GetDouble());
        Assert.Equal("image-file", root.GetProperty("keys").GetProperty("img").GetProperty("typeCounts")[0].GetProperty("type").GetString());
        Assert.Equal(1, root.GetProperty("keys").GetProperty("note").GetProperty("typeCounts")[0].GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task History_keys_flatten_nested_dictionaries_into_dotted_keys()
    {
        var (_, run) = NewRun();
        await run.AppendAsync(History(
            0,
            "{\"loss\": 0.5, \"dict\": {\"val1\": 1.0, \"val2\": 2}, \"_step\": 1}",
            "{\"dict\": {\"val1\": 1.5, \"val2\": 3, \"deep\": {\"x\": \"s\", \"img\": {\"_type\": \"image-file\"}}}, \"_step\": 2}",
            "{\"empty\": {}, \"_step\": 3}"));

        using var keys = JsonDocument.Parse(await run.GetHistoryKeysAsync());
        var all = keys.RootElement.GetProperty("keys");

        Assert.False(all.TryGetProperty("dict", out _));
        var val1 = all.GetProperty("dict.val1");
        Assert.Equal(1.5, val1.GetProperty("previousValue").GetDouble());
        Assert.Equal(2, val1.GetProperty("typeCounts")[0].GetProperty("count").GetInt32());
        Assert.Equal(3, all.GetProperty("dict.val2").GetProperty("previousValue").GetInt32());
        Assert.Equal("string", all.GetProperty("dict.deep.x").GetProperty("typeCounts")[0].GetProperty("type").GetString());
        Assert.Equal("image-file", all.GetProperty("dict.deep.img").GetProperty("typeCounts")[0].GetProperty("type").GetString());
        Assert.Equal("map", all.GetProperty("empty").GetProperty("typeCounts")[0].GetProperty("type").GetString());
        Assert.Equal(0.5, all.GetProperty("loss").GetProperty("previousValue").GetDouble());
    }

    [Fact]
    public async Task Upsert_inserts_with_a_generated_display_name_and_later_nulls_change_nothing()
    {
        var (_, run) = NewRun();
        var inserted = await run.UpsertAsync(new RunUpsert { Notes = "first", Tags = ["a"], Config = "{\"x\": 1}", UserId = 1 });
        Assert.True(inserted.Inserted);
        Assert.Matches("^[a-z]+-[a-z]+-[0-9]+$", inserted.Run.DisplayName);
        Assert.EndsWith("-" + inserted.Run.Id, inserted.Run.DisplayName);

        var updated = await run.UpsertAsync(new RunUpsert { Tags = ["b", "c"], Config = "{\"y\": 2}", State = RunStates.Pending });

        Assert.False(updated.Inserted);
        Assert.Equal(inserted.Run.Id, updated.Run.Id);
        Assert.Equal("first", updated.Run.Notes);
        Assert.Equal(inserted.Run.DisplayName, updated.Run.DisplayName);
        Assert.Equal(["b", "c"], updated.Run.Tags);
        Assert.Equal("{\"y\": 2}", updated.Run.Config);
        Assert.Equal(RunStates.Running, updated.Run.State);
    }

    [Fact]
    public async Task Upsert_honours_a_pending_state_only_on_insert()
    {
        var (_, run) = NewRun();
        var result = await run.UpsertAsync(new RunUpsert { State = RunStates.Pending, DisplayName = "mine" });
        Assert.Equal(RunStates.Pending, result.Run.State);
        Assert.Equal("mine", result.Run.DisplayName);

        var update = await run.UpsertAsync(new RunUpsert { FromPublicApi = true, SummaryMetrics = "{\"acc\": 1}" });
        Assert.Equal(RunStates.Pending, update.Run.State);
        Assert.Equal("{\"acc\": 1}", update.Run.SummaryMetrics);
    }

    [Fact]
    public async Task Upsert_rejects_a_config_that_is_not_an_object()
    {
        var (_, run) = NewRun();
        await Assert.ThrowsAsync<InvalidRunDataException>(() => run.UpsertAsync(new RunUpsert { Config = "[1]" }));
        Assert.Null(await run.GetAsync());
    }

    [Fact]
    public async Task Inserted_runs_get_distinct_storage_ids_that_find_them_again()
    {
        var (key, run) = NewRun();
        var (_, other) = NewRun();
        var first = (await run.EnsureAsync(1)).Id;
        var second = (await other.EnsureAsync(1)).Id;
        Assert.NotEqual(first, second);

        var location = await fixture.Metadata.FindRunAsync(first);
        Assert.Equal(key, RunKey.From(location!.Entity, location.Project, location.Name));
    }

    [Fact]
    public async Task Registered_files_are_listed_by_name_and_counted_once()
    {
        var (_, run) = NewRun();
        await run.EnsureAsync(1);
        var at = ClusterFixture.Clock.GetUtcNow();
        await run.RegisterFileAsync(new RunFileInfo("wandb-summary.json", 10, "abc=", "application/json", at));
        await run.RegisterFileAsync(new RunFileInfo("config.yaml", 5, "def=", "text/yaml", at));
        await run.RegisterFileAsync(new RunFileInfo("config.yaml", 6, "ghi=", "text/yaml", at));

        var files = await run.GetFilesAsync();
        Assert.Equal(["config.yaml", "wandb-summary.json"], files.Select(f => f.Name));
        Assert.Equal(6, files[0].SizeBytes);
        Assert.Equal(2, (await GetAsync(run)).FileCount);
    }

    [Fact]
    public async Task Registering_a_file_on_an_unknown_run_creates_the_run()
    {
        var (_, run) = NewRun();
        await run.RegisterFileAsync(new RunFileInfo("wandb-metadata.json", 3, "abc=", "application/json", ClusterFixture.Clock.GetUtcNow()));

        var info = await GetAsync(run);
        Assert.Equal(1, info.FileCount);
        Assert.Equal(0, info.UserId);
        Assert.Single(await run.GetFilesAsync());
    }

    [Fact]
    public async Task Stop_request_for_a_missing_run_returns_null()
    {
        var (_, run) = NewRun();
        Assert.Null(await run.RequestStopAsync());
        Assert.Empty(await run.GetHistoryAsync(new HistoryWindow(RunStream.History, null, null, 10)));
    }
}
