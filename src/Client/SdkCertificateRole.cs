namespace Dtaas.Client;

/// <summary>What a certificate of a node's authority is for, told by its extended key usages.</summary>
public enum SdkCertificateRole
{
    /// <summary>The client gateway's certificate: server authentication only.</summary>
    Server,

    /// <summary>The certificate SDK clients present: client authentication only.</summary>
    Client,

    /// <summary>A silo's certificate on the silo port: both, since silos dial each other.</summary>
    Silo,
}
