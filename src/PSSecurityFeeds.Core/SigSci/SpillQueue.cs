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
    /// memory stays bounded however far the producers run ahead. Order is kept across memory and file. The file
    /// is written and read through two buffered handles, each moving forward only, and written items are flushed
    /// only when the reader reaches them: no system call and no re-read buffer per item.
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
        private FileStream? _writeFile;
        private FileStream? _readFile;
        private BinaryWriter? _writer;
        private BinaryReader? _reader;
        private long _inFile;
        private long _unflushed;
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
                    _write(OpenFile(), item);
                    _inFile++;
                    _unflushed++;
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

        /// <summary>The next item if one is there now; false when the queue is empty (its end, if it came, is left for <see cref="TakeAsync"/>).</summary>
        public bool TryTake(out T item)
        {
            item = default!;
            if (!_available.Wait(0))
            {
                return false;
            }

            lock (_gate)
            {
                if (_memory.Count > 0)
                {
                    item = _memory.Dequeue();
                    return true;
                }

                if (_inFile > 0)
                {
                    item = ReadFromFile();
                    return true;
                }
            }

            _available.Release(); // the completion signal: TakeAsync ends with it
            return false;
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _reader?.Dispose();
                _writer?.Dispose();
                _readFile?.Dispose();
                _writeFile?.Dispose();
                _readFile = _writeFile = null;
            }
        }

        private T ReadFromFile()
        {
            if (_unflushed == _inFile)
            {
                _writer!.Flush(); // the oldest item in the file is still in the writer's buffer
                _unflushed = 0;
            }

            var item = _read(_reader!);
            if (--_inFile == 0)
            {
                // Drained: start the file afresh so it never grows past one backlog.
                _writeFile!.SetLength(0);
                _readFile!.Seek(0, SeekOrigin.Begin);
            }

            return item;
        }

        private BinaryWriter OpenFile()
        {
            if (_writeFile is null)
            {
                Directory.CreateDirectory(_folder);
                var path = Path.Combine(_folder, "PSSecurityFeeds-sigsci-" + Guid.NewGuid().ToString("N") + ".spill");
                const FileShare shared = FileShare.ReadWrite | FileShare.Delete;
                _writeFile = new FileStream(path, FileMode.CreateNew, FileAccess.Write, shared, 64 * 1024, FileOptions.DeleteOnClose);
                _readFile = new FileStream(path, FileMode.Open, FileAccess.Read, shared, 64 * 1024, FileOptions.SequentialScan);
                _writer = new BinaryWriter(_writeFile, new UTF8Encoding(false), leaveOpen: true);
                _reader = new BinaryReader(_readFile, new UTF8Encoding(false), leaveOpen: true);
            }

            return _writer!;
        }
    }
}
