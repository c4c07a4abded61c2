using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PSSecurityFeeds.Emulator.Akamai;

/// <summary>
/// The emulator's opaque offsets, shaped like Akamai's ("71cca;3phZ..."): the configuration set, the position of
/// the next event and when the offset was issued, with a check value so a forged or mangled offset is a 400.
/// </summary>
internal static class AkamaiOffsetToken
{
    public static string Create(string configPath, long position, DateTimeOffset issuedAt)
    {
        var payload = new byte[24];
        BinaryPrimitives.WriteInt64BigEndian(payload, position);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(8), issuedAt.ToUnixTimeMilliseconds());
        Check(configPath, payload.AsSpan(0, 16)).CopyTo(payload.AsSpan(16));
        return ConfigTag(configPath) + ";" + Convert.ToBase64String(payload).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>False for a token this emulator did not issue for this configuration set.</summary>
    public static bool TryRead(string token, string configPath, out long position, out DateTimeOffset issuedAt)
    {
        position = 0;
        issuedAt = default;
        var parts = token.Split(';');
        if (parts.Length != 2 || parts[0] != ConfigTag(configPath))
        {
            return false;
        }

        var text = parts[1].Replace('-', '+').Replace('_', '/');
        text += new string('=', (4 - text.Length % 4) % 4);
        var payload = new byte[24];
        if (!Convert.TryFromBase64String(text, payload, out var length) || length != 24 ||
            !Check(configPath, payload.AsSpan(0, 16)).AsSpan().SequenceEqual(payload.AsSpan(16)))
        {
            return false;
        }

        position = BinaryPrimitives.ReadInt64BigEndian(payload);
        issuedAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(8)));
        return true;
    }

    private static string ConfigTag(string configPath) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(configPath)))[..5].ToLowerInvariant();

    private static byte[] Check(string configPath, ReadOnlySpan<byte> payload)
    {
        var data = new byte[payload.Length + configPath.Length];
        payload.CopyTo(data);
        Encoding.UTF8.GetBytes(configPath).CopyTo(data, payload.Length);
        return SHA256.HashData(data)[..8];
    }
}
