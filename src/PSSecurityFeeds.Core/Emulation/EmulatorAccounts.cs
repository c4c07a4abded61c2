namespace PSSecurityFeeds.Core.Emulation
{
    /// <summary>
    /// Where each vendor lives on a running emulator and which test credentials and data its tenant has, as the
    /// emulator itself reports them (GET /_emulator/accounts). These credentials only open the emulator.
    /// </summary>
    public sealed class EmulatorAccounts
    {
        public SigSciTestAccount SigSci { get; set; } = new SigSciTestAccount();

        public AkamaiSiemTestAccount AkamaiSiem { get; set; } = new AkamaiSiemTestAccount();

        public SekoiaTestAccount Sekoia { get; set; } = new SekoiaTestAccount();
    }
}
