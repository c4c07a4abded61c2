using System;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text.Json;

namespace PSSecurityFeeds.Core.Sekoia
{
    /// <summary>
    /// An S3 server-side-encryption customer key (SSE-C), made fresh for each export as Sekoia's exporter does:
    /// 32 random bytes, sent base64 with its base64 MD5 when the export starts, and again as headers to download.
    /// </summary>
    public sealed class SseCustomerKey
    {
        public const string Algorithm = "AES256";

        private SseCustomerKey(string key, string keyMd5)
        {
            Key = key;
            KeyMd5 = keyMd5;
        }

        /// <summary>The key, base64: a secret, registered with the session's redactor.</summary>
        internal string Key { get; }

        /// <summary>The base64 MD5 of the raw key, which lets S3 check the key arrived intact.</summary>
        public string KeyMd5 { get; }

        public static SseCustomerKey Create()
        {
            var raw = new byte[32];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(raw);
            }

            return FromRaw(raw);
        }

        /// <summary>A key a Sekoia response carried (base64); null when it is not a 256-bit base64 key.</summary>
        internal static SseCustomerKey? FromBase64(string base64)
        {
            try
            {
                var raw = Convert.FromBase64String(base64);
                return raw.Length == 32 ? FromRaw(raw) : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        public override string ToString() => $"SSE-C {Algorithm} key (MD5 {KeyMd5})";

        internal void WriteExportSettings(Utf8JsonWriter json)
        {
            json.WriteStartObject("s3");
            json.WriteString("sse_customer_key", Key);
            json.WriteString("sse_customer_algorithm", Algorithm);
            json.WriteString("sse_customer_key_md5", KeyMd5);
            json.WriteEndObject();
        }

        internal void AddHeadersTo(HttpRequestMessage message)
        {
            message.Headers.Add("x-amz-server-side-encryption-customer-algorithm", Algorithm);
            message.Headers.Add("x-amz-server-side-encryption-customer-key", Key);
            message.Headers.Add("x-amz-server-side-encryption-customer-key-MD5", KeyMd5);
        }

        private static SseCustomerKey FromRaw(byte[] raw)
        {
            using var md5 = MD5.Create();
            return new SseCustomerKey(Convert.ToBase64String(raw), Convert.ToBase64String(md5.ComputeHash(raw)));
        }
    }
}
