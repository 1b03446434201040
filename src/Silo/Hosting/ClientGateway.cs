using System.Net;
using Dtaas.Client;

namespace Dtaas.Silo.Hosting;

/// <summary>
/// The node's client gateway: where it listens, the address it advertises (what clients dial), the token every client
/// sends, and the TLS certificates beyond loopback (null on loopback).
/// </summary>
public sealed record ClientGateway(IPEndPoint Endpoint, IPAddress Advertised, string Token, SdkCertificates? Certificates);
