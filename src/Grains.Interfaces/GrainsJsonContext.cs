using System.Text.Json.Serialization;
using Dtaas.Grains.Interfaces.Apps;
using Dtaas.Grains.Interfaces.Federation;
using Dtaas.Grains.Interfaces.Node;
using Dtaas.Grains.Interfaces.Objects;
using Dtaas.Grains.Interfaces.Peers;
using Dtaas.Grains.Interfaces.Services;
using Dtaas.Grains.Interfaces.Users;

namespace Dtaas.Grains.Interfaces;

/// <summary>JSON contracts of every argument and result of the grain interfaces in this assembly, and of the federation messages.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NodeInfo))]
[JsonSerializable(typeof(MemberList))]
[JsonSerializable(typeof(JoinRequest))]
[JsonSerializable(typeof(JoinReply))]
[JsonSerializable(typeof(JoinAnswer))]
[JsonSerializable(typeof(StandingQuery))]
[JsonSerializable(typeof(StandingReply))]
[JsonSerializable(typeof(PeerAssignment))]
[JsonSerializable(typeof(AppSet))]
[JsonSerializable(typeof(AppReplica))]
[JsonSerializable(typeof(ServiceNetwork))]
[JsonSerializable(typeof(IReadOnlyList<ServiceNetwork>))]
[JsonSerializable(typeof(NetworkJoin))]
[JsonSerializable(typeof(NetworkAnswer))]
[JsonSerializable(typeof(PrincipalId))]
[JsonSerializable(typeof(UserSet))]
[JsonSerializable(typeof(SharedUser))]
[JsonSerializable(typeof(byte[]))]
public sealed partial class GrainsJsonContext : JsonSerializerContext;
