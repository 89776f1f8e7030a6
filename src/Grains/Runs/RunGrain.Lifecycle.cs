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
        await this.RegisterOrUpdateReminder(HeartbeatReminder, period, period);
        _reminderRegistered = true;
    }

    private async Task RemoveReminderAsync()
    {
        if (await this.GetReminder(HeartbeatReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderRegistered = false;
    }
}
