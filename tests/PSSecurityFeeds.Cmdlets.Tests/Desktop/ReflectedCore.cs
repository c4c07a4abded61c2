using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using PSSecurityFeeds.Emulator.Akamai;

namespace PSSecurityFeeds.Cmdlets.Tests.Desktop;

/// <summary>
/// PSSecurityFeeds.Core of another load context, driven by reflection: its types, and the IAsyncEnumerable and
/// ValueTask it returns, are the Desktop build's own (Microsoft.Bcl.AsyncInterfaces, System.Threading.Tasks.Extensions),
/// not the ones this test assembly compiles against.
/// </summary>
internal sealed class ReflectedCore(Assembly core)
{
    public sealed record AkamaiEvent(string? ClientIP, IReadOnlyList<object> Rules);

    /// <summary>One offset-mode read of the emulator's Akamai SIEM API with its test client.</summary>
    public async Task<List<AkamaiEvent>> ReadAkamaiEventsAsync(string host, int configId, int limit)
    {
        var secret = new NetworkCredential(string.Empty, AkamaiSiemState.ClientSecret).SecurePassword;
        var credential = New("Akamai.EdgeGridCredential", host, AkamaiSiemState.ClientToken, secret, AkamaiSiemState.AccessToken, 131072, null);
        var pipeline = New("Http.HttpPipeline", New("Http.HttpPipelineOptions"));
        using var session = (IDisposable)New("Akamai.AkamaiSiemSession", credential, pipeline);
        var client = Call(session, "CreateClient");
        var query = New("Akamai.AkamaiSiemQuery");
        Set(query, "ConfigIds", new[] { configId });
        Set(query, "Limit", limit);

        var events = new List<AkamaiEvent>();
        foreach (var record in await ReadAllAsync(Call(client, "ReadAsync", query, Call(session, "CreateLog"), CancellationToken.None)))
        {
            var item = Get(record, "Event") ?? throw new InvalidOperationException($"A record without an event: {Get(Get(record, "Error")!, "Message")}");
            events.Add(new AkamaiEvent((string?)Get(item, "ClientIP"), ((IEnumerable)Get(item, "Rules")!).Cast<object>().ToList()));
        }

        return events;
    }

    private static async Task<List<object>> ReadAllAsync(object stream)
    {
        var enumerator = Call(stream, Interface(stream, "IAsyncEnumerable`1"), "GetAsyncEnumerator", CancellationToken.None);
        var items = Interface(enumerator, "IAsyncEnumerator`1");
        var list = new List<object>();
        try
        {
            while (await AsTask<bool>(Call(enumerator, items, "MoveNextAsync")))
            {
                list.Add(items.GetProperty("Current")!.GetValue(enumerator)!);
            }
        }
        finally
        {
            await AsTask(Call(enumerator, Interface(enumerator, "IAsyncDisposable"), "DisposeAsync"));
        }

        return list;
    }

    private object New(string type, params object?[] arguments) =>
        Activator.CreateInstance(core.GetType("PSSecurityFeeds.Core." + type, throwOnError: true)!, arguments)!;

    private static object Call(object target, string method, params object?[] arguments) =>
        Call(target, target.GetType(), method, arguments);

    private static object Call(object target, Type declaring, string method, params object?[] arguments) =>
        declaring.GetMethod(method)!.Invoke(target, arguments)!;

    private static object? Get(object target, string property) => target.GetType().GetProperty(property)!.GetValue(target);

    private static void Set(object target, string property, object value) => target.GetType().GetProperty(property)!.SetValue(target, value);

    private static Type Interface(object target, string name) => target.GetType().GetInterfaces().Single(i => i.Name == name);

    // The Desktop build's ValueTask is System.Threading.Tasks.Extensions' own type; AsTask gives a framework Task.
    private static Task<T> AsTask<T>(object valueTask) => (Task<T>)Call(valueTask, "AsTask");

    private static Task AsTask(object valueTask) => (Task)Call(valueTask, "AsTask");
}
