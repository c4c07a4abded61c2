using System;
using System.Text;
using System.Text.Json;

namespace PSSecurityFeeds.Core.Akamai
{
    /// <summary>
    /// The last event a run delivered, kept for its time (the checkpoint's LastEventTime, taken at each commit): the
    /// record handed out, or, for a line that only goes into the out file, a copy of the line in a reused buffer. No
    /// record is made for such lines: decoding each one only for the last one's time cost more than reading them.
    /// </summary>
    internal sealed class LastDeliveredEvent
    {
        private AkamaiSiemRecord? _record;
        private byte[] _line = Array.Empty<byte>();
        private int _lineLength = -1;

        public void Remember(AkamaiSiemRecord record)
        {
            _record = record;
            _lineLength = -1;
        }

        public void Remember(ReadOnlySpan<byte> line)
        {
            if (_line.Length < line.Length)
            {
                _line = new byte[Math.Max(line.Length, _line.Length * 2)];
            }

            line.CopyTo(_line);
            _lineLength = line.Length;
            _record = null;
        }

        public void Forget()
        {
            _record = null;
            _lineLength = -1;
        }

        /// <summary>The event's time; a raw line is parsed for it. Null for none, or for a line that is not an event.</summary>
        public DateTimeOffset? Time
        {
            get
            {
                if (_record is not null)
                {
                    return _record.Event is { } typed ? typed.Time
                        : _record.Error is null && _record.RawLine is { } raw ? TimeOf(Encoding.UTF8.GetBytes(raw))
                        : null;
                }

                return _lineLength >= 0 ? TimeOf(_line.AsSpan(0, _lineLength)) : null;
            }
        }

        private static DateTimeOffset? TimeOf(ReadOnlySpan<byte> line)
        {
            try
            {
                return new AkamaiSiemEventParser().Parse(line).Time;
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is InvalidOperationException)
            {
                return null;
            }
        }
    }
}
