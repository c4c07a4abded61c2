using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace PSSecurityFeeds.Core.SigSci
{
    /// <summary>
    /// A first-in first-out queue between producers that must never wait (the feed's next URIs expire) and
    /// a consumer that may stall (the PowerShell pipeline). Up to <c>memoryLimit</c> items wait in memory;
    /// beyond that, items go to a temporary file (deleted on close) until the consumer has drained it, so
    /// memory stays bounded however far the producers run ahead. Order is kept across memory and file.
    /// </summary>
    internal sealed class SpillQueue<T> : IDisposable
    {
        /// <summary>The names of spill files, in the spill folder, for the clean-up of killed runs' files.</summary>
        public const string FilePattern = "PSSecurityFeeds-sigsci-*.spill";

        private readonly object _gate = new object();
        private readonly Queue<T> _memory = new Queue<T>();
        private readonly SemaphoreSlim _available = new SemaphoreSlim(0);
        private readonly int _memoryLimit;
        private readonly string _folder;
        private readonly Action<BinaryWriter, T> _write;
        private readonly Func<BinaryReader, T> _read;
        private FileStream? _file;
        private BinaryWriter? _writer;
        private BinaryReader? _reader;
        private long _readPosition;
        private long _inFile;
        private bool _completed;
        private Exception? _failure;

        public SpillQueue(int memoryLimit, string folder, Action<BinaryWriter, T> write, Func<BinaryReader, T> read)
        {
            _memoryLimit = memoryLimit;
            _folder = folder;
            _write = write;
            _read = read;
        }

        /// <summary>How many items went to the temporary file so far (for progress and tests).</summary>
        public long SpilledTotal { get; private set; }

        /// <summary>Items waiting now, in memory and on disk.</summary>
        public long Count
        {
            get
            {
                lock (_gate)
                {
                    return _memory.Count + _inFile;
                }
            }
        }

        public void Enqueue(T item)
        {
            lock (_gate)
            {
                if (_completed)
                {
                    throw new InvalidOperationException("The queue was completed.");
                }

                // Once anything is on disk, newer items go there too, or they would overtake it.
                if (_inFile == 0 && _memory.Count < _memoryLimit)
                {
                    _memory.Enqueue(item);
                }
                else
                {
                    var file = OpenFile();
                    file.Seek(0, SeekOrigin.End);
                    _write(_writer!, item);
                    _writer!.Flush();
                    _inFile++;
                    SpilledTotal++;
                }
            }

            _available.Release();
        }

        /// <summary>No more items: the consumer ends after the ones queued, or throws <paramref name="failure"/> after them.</summary>
        public void Complete(Exception? failure = null)
        {
            lock (_gate)
            {
                if (_completed)
                {
                    return;
                }

                _completed = true;
                _failure = failure;
            }

            _available.Release();
        }

        /// <summary>The next item, or false when the queue is complete and empty. Waits while it is empty.</summary>
        public async Task<(bool HasItem, T Item)> TakeAsync(CancellationToken cancellationToken)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (_memory.Count > 0)
                {
                    return (true, _memory.Dequeue());
                }

                if (_inFile > 0)
                {
                    return (true, ReadFromFile());
                }

                // Only the completion signal is left: leave it for any later call, then end.
                _available.Release();
                if (_failure is not null)
                {
                    throw _failure;
                }

                return (false, default!);
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _reader?.Dispose();
                _writer?.Dispose();
                _file?.Dispose();
                _file = null;
            }
        }

        private T ReadFromFile()
        {
            _file!.Seek(_readPosition, SeekOrigin.Begin);
            var item = _read(_reader!);
            _readPosition = _file.Position;
            if (--_inFile == 0)
            {
                // Drained: start the file afresh so it never grows past one backlog.
                _file.SetLength(0);
                _readPosition = 0;
            }

            return item;
        }

        private FileStream OpenFile()
        {
            if (_file is null)
            {
                Directory.CreateDirectory(_folder);
                var path = Path.Combine(_folder, "PSSecurityFeeds-sigsci-" + Guid.NewGuid().ToString("N") + ".spill");
                _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
                _writer = new BinaryWriter(_file, new UTF8Encoding(false), leaveOpen: true);
                _reader = new BinaryReader(_file, new UTF8Encoding(false), leaveOpen: true);
            }

            return _file;
        }
    }
}
