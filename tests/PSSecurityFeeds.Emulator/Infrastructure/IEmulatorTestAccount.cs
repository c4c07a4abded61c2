using System;

namespace PSSecurityFeeds.Emulator.Infrastructure;

/// <summary>
/// A vendor module whose emulated tenant has an account to connect with. GET /_emulator/accounts lists them,
/// keyed by <see cref="AccountName"/>, so Start-PSSecurityFeedsEmulator (or any other client) learns where each
/// vendor lives and which credentials it accepts from the emulator itself.
/// </summary>
public interface IEmulatorTestAccount
{
    /// <summary>The key of this vendor's account in /_emulator/accounts, such as "sekoia".</summary>
    string AccountName { get; }

    /// <summary>The vendor's base address on this emulator and the credentials and data its tenant has.</summary>
    object DescribeAccount(Uri emulatorBaseUri, IServiceProvider services);
}
