# Settings of Invoke-SecurityFeedJob.ps1. No secret here: the Signal Sciences API token is read from the
# SecretManagement vault below, Akamai's client secret from an .edgerc only the task's account can read.
@{
    # state/ (checkpoints, the job's lock), spool/ (files being written), out/ (whole files for the forwarder),
    # deadletter/ (copies of events the module could not read), logs/. One volume: files move from spool/ to out/.
    DataDirectory    = '/var/lib/soc'          # Windows: 'D:\soc'
    LogRetentionDays = 14
    # Files in out/ older than this are removed at the start of a run; leave it out if the forwarder deletes them.
    OutRetentionDays = 7
    Vault            = 'SocFeeds'
    # Windows, a SecretStore vault with a password: the file Export-Clixml wrote (see docs/scheduled-task.md)
    # VaultPasswordPath = 'D:\soc\vault-password.xml'

    Akamai           = @{
        EdgeRcPath = '/etc/soc/.edgerc'        # Windows: 'D:\soc\.edgerc'
        Section    = 'siem'
        ConfigIds  = 14227, 14228
    }

    SigSci           = @{
        Corp           = 'acme'
        Email          = 'svc-feed@acme.example'
        ApiTokenSecret = 'SigSciApiToken'      # the secret's name in the vault
        Sites          = 'www', 'api'
    }
}
