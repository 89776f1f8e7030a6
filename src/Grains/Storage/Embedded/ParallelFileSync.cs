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
    private Batch? _current;
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
        var batch = new Batch(files);
        if (files.Count > 1 && _threads.Length > 0)
        {
            lock (_gate)
            {
                _current = batch;
                Monitor.PulseAll(_gate);
            }
        }

        batch.TakeWork();
        batch.Done.Wait();
        return batch.Errors;
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
        Batch? seen = null;
        while (true)
        {
            Batch batch;
            lock (_gate)
            {
                while (!_disposed && (_current is null || _current == seen))
                {
                    Monitor.Wait(_gate);
                }

                if (_disposed)
                {
                    return;
                }

                seen = batch = _current!;
            }

            batch.TakeWork();
        }
    }

    /// <summary>
    /// One call's files. Threads claim files with an atomic counter, so a thread late for one call can only find
    /// that call's work done: it never touches the next call's files.
    /// </summary>
    private sealed class Batch(IReadOnlyList<FileStream> files)
    {
        private int _next;
        private int _remaining = files.Count;

        public Exception?[] Errors { get; } = new Exception?[files.Count];

        public ManualResetEventSlim Done { get; } = new(files.Count == 0);

        public void TakeWork()
        {
            int index;
            while ((index = Interlocked.Increment(ref _next) - 1) < files.Count)
            {
                Errors[index] = Sync(files[index]);
                if (Interlocked.Decrement(ref _remaining) == 0)
                {
                    Done.Set();
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
}
