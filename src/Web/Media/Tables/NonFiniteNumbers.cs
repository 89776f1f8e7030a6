namespace Orleans.Wandb.Web.Media.Tables;

/// <summary>
/// Python's <c>json</c> writes non-finite floats as the bare words <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>
/// (the clients keep <c>allow_nan</c> on), which is not JSON. W&amp;B's table viewer shows such cells as the words and
/// keeps their column numeric, so this server does too: the table is read through <see cref="Quoting"/>, which turns
/// each bare word into the JSON string of the same word, and <see cref="Parse"/> reads those strings back as numbers for
/// column types, sorting and numeric filters. A text cell holding exactly one of the words is read the same way.
/// </summary>
public static class NonFiniteNumbers
{
    /// <summary>The number a cell's text stands for when it is one of Python's non-finite words, else null.</summary>
    public static double? Parse(ReadOnlySpan<char> text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" => double.PositiveInfinity,
        "-Infinity" => double.NegativeInfinity,
        _ => null,
    };

    /// <summary>A read-only stream over <paramref name="inner"/> with every bare word outside strings put in quotes.</summary>
    public static Stream Quoting(Stream inner) => new QuotingStream(inner);

    /// <summary>
    /// Outside JSON strings only literals (<c>true</c>, <c>false</c>, <c>null</c>) and numbers hold letters, so a word
    /// starting with <c>N</c> or <c>I</c> (or <c>-I</c>) can only be one of Python's; it is quoted up to its last letter.
    /// Anything else passes byte for byte; a malformed word stays malformed for the JSON reader to refuse.
    /// </summary>
    private sealed class QuotingStream(Stream inner) : Stream
    {
        private const int InputBytes = 64 * 1024;

        private readonly byte[] _input = new byte[InputBytes];

        // Every input byte becomes at most three output bytes ('-' held, then '"' and the byte).
        private readonly byte[] _output = new byte[(3 * InputBytes) + 4];
        private int _start;
        private int _end;
        private bool _inString;
        private bool _escaped;
        private bool _inWord;
        private bool _minusHeld;
        private bool _ended;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_start == _end && !_ended)
            {
                _start = _end = 0;
                var read = await inner.ReadAsync(_input, cancellationToken);
                if (read == 0)
                {
                    _ended = true;
                    Finish();
                    break;
                }

                Rewrite(_input.AsSpan(0, read));
            }

            var n = Math.Min(buffer.Length, _end - _start);
            _output.AsSpan(_start, n).CopyTo(buffer.Span);
            _start += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Rewrite(ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                if (_inString)
                {
                    if (_escaped)
                    {
                        _escaped = false;
                    }
                    else if (b == (byte)'\\')
                    {
                        _escaped = true;
                    }
                    else if (b == (byte)'"')
                    {
                        _inString = false;
                    }

                    Put(b);
                    continue;
                }

                if (_inWord)
                {
                    if (char.IsAsciiLetter((char)b))
                    {
                        Put(b);
                        continue;
                    }

                    _inWord = false;
                    Put((byte)'"');
                }

                if (_minusHeld)
                {
                    _minusHeld = false;
                    if (b == (byte)'I')
                    {
                        _inWord = true;
                        Put((byte)'"');
                        Put((byte)'-');
                        Put(b);
                        continue;
                    }

                    Put((byte)'-');
                }

                switch (b)
                {
                    case (byte)'"':
                        _inString = true;
                        Put(b);
                        break;
                    case (byte)'N' or (byte)'I':
                        _inWord = true;
                        Put((byte)'"');
                        Put(b);
                        break;
                    case (byte)'-':
                        _minusHeld = true;
                        break;
                    default:
                        Put(b);
                        break;
                }
            }
        }

        private void Put(byte b) => _output[_end++] = b;

        private void Finish()
        {
            if (_minusHeld)
            {
                Put((byte)'-');
            }

            if (_inWord)
            {
                Put((byte)'"');
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
