using System.Threading.Tasks;

namespace PSSecurityFeeds.Core.Streaming
{
    /// <summary>Waiting for work whose outcome no longer matters, so that nothing it holds outlives the caller.</summary>
    internal static class TaskEnd
    {
        /// <summary>Waits until the task has ended; its failure or cancellation is dropped (another error is already on its way, or nobody reads its result).</summary>
        public static async Task QuietlyAsync(Task task)
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch
            {
                // dropped on purpose: see the summary
            }
        }
    }
}
