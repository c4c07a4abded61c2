using System;
using System.Text;
using System.Text.Json;

namespace PSSecurityFeeds.Emulator.SigSci;

/// <summary>
/// Where the next page of a window starts, carried in the next URI as base64url JSON: the window, the
/// tags filter, the position in the window's stored requests and when it was issued (it expires).
/// </summary>
public sealed record SigSciNextToken(string Corp, string Site, long From, long Until, string Tags, int Cursor, long IssuedAtMs, string Padding)
{
    public string Encode()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(this);
        return Convert.ToBase64String(json).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static SigSciNextToken? TryDecode(string text)
    {
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            return JsonSerializer.Deserialize<SigSciNextToken>(Encoding.UTF8.GetString(Convert.FromBase64String(base64)));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }
}
