using Orleans.Wandb.Contracts.Storage;

namespace Orleans.Wandb.Grains.Runs;

/// <summary>Lifecycle: the heartbeat reminder and what follows a change of state.</summary>
internal sealed partial class RunGrain
{
    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != HeartbeatReminder)
        {
            return;
        }

        if (!S.Exists || !RunStateMachine.IsAlive(S.State))
        {
            await RemoveReminderAsync();
            return;
        }

        if (RunStateMachine.CheckHeartbeat(S, clock.GetUtcNow(), _options.HeartbeatTimeout))
        {
            LogHeartbeatLost(_key, S.State);
            await OnLifecycleChangedAsync();
        }
    }

    private async Task OnLifecycleChangedAsync()
    {
        NotifyViewers();
        await WriteStateAsync();
        await PushRowAsync();
        if (RunStateMachine.IsAlive(S.State))
        {
            await EnsureReminderAsync();
        }
        else
        {
            await RemoveReminderAsync();
        }
    }

    private async Task EnsureReminderAsync()
    {
        if (_reminderRegistered)
        {
            return;
        }

        var period = _options.HeartbeatCheckPeriod < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : _options.HeartbeatCheckPeriod;
        await ReminderTableAsync(() => this.RegisterOrUpdateReminder(HeartbeatReminder, period, period));
        _reminderRegistered = true;
    }

    private async Task RemoveReminderAsync()
    {
        if (await ReminderTableAsync(() => this.GetReminder(HeartbeatReminder)) is { } reminder)
        {
            await ReminderTableAsync(async () => { await this.UnregisterReminder(reminder); return reminder; });
        }

        _reminderRegistered = false;
    }

    /// <summary>
    /// A call to the reminder service, whose failures are failures of the reminder table (the database, in the
    /// cluster often reached through another silo's reminder service, which hands back the driver's exception
    /// without the error code that says it is transient): the caller answers 503 and the client retries, which
    /// registers the reminder again. The run's state was written before; nothing acknowledged depends on this.
    /// </summary>
    private static async Task<T> ReminderTableAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not StorageUnavailableException)
        {
            throw new StorageUnavailableException($"The reminder table is not available: {e.Message}", e);
        }
    }
}
