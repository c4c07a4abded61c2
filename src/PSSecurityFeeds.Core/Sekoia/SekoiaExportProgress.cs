using System.Threading;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// Where an export stands, updated by Core as it works and read by the cmdlet on the pipeline thread to
    /// write progress; every value is read and written atomically.
    /// </summary>
    public sealed class SekoiaExportProgress
    {
        private const long Unknown = -1;
        private int _phase;
        private string? _taskStatus;
        private long _exported;
        private long _total = Unknown;
        private long _bytes;
        private long _expectedBytes = Unknown;

        public SekoiaExportPhase Phase => (SekoiaExportPhase)Volatile.Read(ref _phase);

        /// <summary>The export task's last status (PENDING, RUNNING, FINISHED ...).</summary>
        public string? TaskStatus => Volatile.Read(ref _taskStatus);

        public long ExportedEvents => Interlocked.Read(ref _exported);

        public long? TotalEvents => Known(Interlocked.Read(ref _total));

        public long BytesReceived => Interlocked.Read(ref _bytes);

        public long? ExpectedBytes => Known(Interlocked.Read(ref _expectedBytes));

        /// <summary>0–100 for the current phase, or null when the whole is not known.</summary>
        public int? Percent
        {
            get
            {
                var (done, whole) = Phase == SekoiaExportPhase.Downloading ? (BytesReceived, ExpectedBytes) : (ExportedEvents, TotalEvents);
                return whole is long w && w > 0 ? (int)System.Math.Min(100, done * 100 / w) : null;
            }
        }

        internal void Exporting(string status, long? exported, long? total)
        {
            Volatile.Write(ref _taskStatus, status);
            Interlocked.Exchange(ref _exported, exported ?? 0);
            Interlocked.Exchange(ref _total, total ?? Unknown);
            Volatile.Write(ref _phase, (int)SekoiaExportPhase.Exporting);
        }

        internal void Downloading(long? expectedBytes)
        {
            Interlocked.Exchange(ref _bytes, 0);
            Interlocked.Exchange(ref _expectedBytes, expectedBytes ?? Unknown);
            Volatile.Write(ref _phase, (int)SekoiaExportPhase.Downloading);
        }

        internal void Received(int bytes) => Interlocked.Add(ref _bytes, bytes);

        private static long? Known(long value) => value == Unknown ? null : value;
    }
}
