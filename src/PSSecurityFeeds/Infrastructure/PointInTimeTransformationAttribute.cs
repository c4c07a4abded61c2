using System.Management.Automation;
using PSSecurityFeeds.Core.Diagnostics;
using PSSecurityFeeds.Core.Vocabulary;

namespace PSSecurityFeeds.Infrastructure
{
    /// <summary>
    /// Binds a time-range parameter: a DateTime, DateTimeOffset, 'now', '-2h' or an ISO 8601 string becomes a
    /// PointInTime; anything else fails at binding, before any request, with the forms a time may take.
    /// </summary>
    public sealed class PointInTimeTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            try
            {
                return PointInTime.From(inputData is PSObject wrapped ? wrapped.BaseObject : inputData);
            }
            catch (FeedException error)
            {
                throw new ArgumentTransformationMetadataException(error.Message, error);
            }
        }
    }
}
