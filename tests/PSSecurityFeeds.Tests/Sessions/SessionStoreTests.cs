using System;
using System.Runtime.CompilerServices;
using PSSecurityFeeds.Core.Http;
using PSSecurityFeeds.Core.Sessions;
using Xunit;

namespace PSSecurityFeeds.Tests.Sessions;

/// <summary>The per-runspace store, with plain objects standing in for runspaces.</summary>
public sealed class SessionStoreTests
{
    private sealed class VendorA(string tenant) : ApiSession(new Uri("https://a.example.com"), new HttpPipeline(new HttpPipelineOptions()))
    {
        public string Tenant { get; } = tenant;

        public override string Vendor => "Vendor A";

        public override string User => "a";
    }

    private sealed class VendorB() : ApiSession(new Uri("https://b.example.com"), new HttpPipeline(new HttpPipelineOptions()))
    {
        public override string Vendor => "Vendor B";

        public override string User => "b";
    }

    private readonly SessionStore _store = new();

    [Fact]
    public void Two_scopes_never_see_each_others_sessions()
    {
        object first = new(), second = new();
        using var tenantOne = new VendorA("one");
        using var tenantTwo = new VendorA("two");

        _store.Set(first, tenantOne);
        Assert.Null(_store.Get<VendorA>(second));

        _store.Set(second, tenantTwo);
        Assert.Same(tenantOne, _store.Get<VendorA>(first));
        Assert.Same(tenantTwo, _store.Get<VendorA>(second));
    }

    [Fact]
    public void Each_vendor_has_its_own_default_in_a_scope()
    {
        object scope = new();
        using var a = new VendorA("one");
        using var b = new VendorB();

        _store.Set(scope, a);
        _store.Set(scope, b);

        Assert.Same(a, _store.Get<VendorA>(scope));
        Assert.Same(b, _store.Get<VendorB>(scope));
    }

    [Fact]
    public void Setting_returns_the_replaced_session_and_removing_forgets_it()
    {
        object scope = new();
        using var old = new VendorA("old");
        using var replacement = new VendorA("new");

        Assert.Null(_store.Set(scope, old));
        Assert.Same(old, _store.Set(scope, replacement));
        Assert.Same(replacement, _store.Remove<VendorA>(scope));
        Assert.Null(_store.Get<VendorA>(scope));
        Assert.Null(_store.Remove<VendorA>(scope));
    }

    [Fact]
    public void The_store_does_not_keep_a_finished_scope_alive()
    {
        var scope = StoreInNewScope();

        for (var i = 0; i < 5 && scope.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(scope.IsAlive);
    }

    [Fact]
    public void A_session_shows_its_endpoint_and_a_disconnected_one_says_so()
    {
        var session = new VendorA("one");
        Assert.Equal("Vendor A https://a.example.com/", session.ToString());

        session.Dispose();

        var error = Assert.Throws<PSSecurityFeeds.Core.Diagnostics.FeedException>(session.EnsureOpen);
        Assert.Equal("SessionClosed", error.ErrorId);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference StoreInNewScope()
    {
        var scope = new object();
        _store.Set(scope, new VendorA("gone"));
        return new WeakReference(scope);
    }
}
