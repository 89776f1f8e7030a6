namespace Orleans.Wandb.Grains.Storage.Embedded;

/// <summary>
/// Fsyncs many files at once on dedicated threads (never the thread pool: an fsync blocks its thread for
/// milliseconds, and blocked pool threads would starve request handling on a small machine). Sequential
/// fsyncs of 100 run logs took ~200-340 ms on this project's 2-core test machine, concurrent ones ~25 ms:
/// the file system commits concurrent syncs together.
/// </summary>
internal sealed class ParallelFileSync : IDisposable
{
    private readonly Thread[] _threads;
    private readonly object _gate = new();
    private IReadOnlyList<FileStream>? _files;
    private Exception?[] _errors = [];
    private int _next;
    private int _remaining;

    private long _generation;
    private bool _disposed;

    public ParallelFileSync(int parallelism)
    {
        _threads = new Thread[Math.Max(0, parallelism - 1)];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"run-log fsync {i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>
    /// Flushes every file to disk, the calling thread taking part; returns each file's failure (null when it was
    /// synced), in the order given. Only one caller at a time (the run-log flusher).
    /// </summary>
    public Exception?[] SyncAll(IReadOnlyList<FileStream> files)
    {
        var errors = new Exception?[files.Count];
        if (files.Count <= 1 || _threads.Length == 0)
        {
            for (var i = 0; i < files.Count; i++)
            {
                errors[i] = Sync(files[i]);
            }

            return errors;
        }

        long generation;
        lock (_gate)
        {
            _files = files;
            _errors = errors;
            _next = 0;
            _remaining = files.Count;
            generation = ++_generation;
            Monitor.PulseAll(_gate);
        }

        TakeWork(generation);
        lock (_gate)
        {
            while (_remaining > 0)
            {
                Monitor.Wait(_gate);
            }

            _files = null;
        }

        return errors;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void Work()
    {
        long seen = 0;
        while (true)
        {
            lock (_gate)
            {
                while (!_disposed && (_files is null || _generation == seen))
                {
                    Monitor.Wait(_gate);
                }

                if (_disposed)
                {
                    return;
                }

                seen = _generation;
            }

            TakeWork(seen);
        }
    }

    /// <summary>Syncs files of one call until none is left; a thread late for a call never touches the next one.</summary>
    private void TakeWork(long generation)
    {
        while (true)
        {
            FileStream file;
            int index;
            Exception?[] errors;
            lock (_gate)
            {
                if (_generation != generation || _files is null || _next >= _files.Count)
                {
                    return;
                }

                index = _next++;
                file = _files[index];
                errors = _errors;
            }

            var error = Sync(file);
            lock (_gate)
            {
                errors[index] = error;
                if (--_remaining == 0)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    private static Exception? Sync(FileStream file)
    {
        try
        {
            file.Flush(flushToDisk: true);
            return null;
        }
        catch (Exception e)
        {
            // Whatever it is, it belongs to that file's appends; thrown on a worker thread it would end the process.
            return e;
        }
    }
}
