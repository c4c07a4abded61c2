using System.Management.Automation;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// One progress bar of a command. Every update is written as a new ProgressRecord: a host that keeps the
    /// records it is given (a PowerShell instance's Progress stream, a thread job) holds them by reference, so
    /// one record updated in place would turn every earlier update into the last one.
    /// </summary>
    internal sealed class ProgressActivity
    {
        private readonly Cmdlet _cmdlet;
        private readonly int _id;
        private readonly string _activity;
        private string _status;
        private bool _written;

        public ProgressActivity(Cmdlet cmdlet, int id, string activity, string status)
        {
            _cmdlet = cmdlet;
            _id = id;
            _activity = activity;
            _status = status;
        }

        public void Update(string status, int percentComplete = -1)
        {
            _status = status;
            _written = true;
            _cmdlet.WriteProgress(new ProgressRecord(_id, _activity, status) { PercentComplete = percentComplete });
        }

        /// <summary>Takes the bar away; nothing to do when it was never shown.</summary>
        public void Complete()
        {
            if (_written)
            {
                _written = false;
                _cmdlet.WriteProgress(new ProgressRecord(_id, _activity, _status) { RecordType = ProgressRecordType.Completed });
            }
        }
    }
}
