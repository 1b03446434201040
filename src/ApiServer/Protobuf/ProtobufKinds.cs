using Google.Protobuf.Reflection;
using Dtaas.ApiServer.Protobuf.AuthenticationV1;
using Dtaas.ApiServer.Protobuf.AuthorizationV1;
using Dtaas.ApiServer.Protobuf.CoordinationV1;
using Dtaas.ApiServer.Protobuf.CoreV1;
using MetaV1 = Dtaas.ApiServer.Protobuf.MetaV1;

namespace Dtaas.ApiServer.Protobuf;

/// <summary>The built-in kinds with a protobuf encoding here, by apiVersion and kind. Custom resources have none.</summary>
internal static class ProtobufKinds
{
    private static readonly Dictionary<(string ApiVersion, string Kind), MessageDescriptor> ByKind = new()
    {
        [("v1", "Namespace")] = Namespace.Descriptor,
        [("v1", "NamespaceList")] = NamespaceList.Descriptor,
        [("v1", "Secret")] = Secret.Descriptor,
        [("v1", "SecretList")] = SecretList.Descriptor,
        [("v1", "ConfigMap")] = ConfigMap.Descriptor,
        [("v1", "ConfigMapList")] = ConfigMapList.Descriptor,
        [("v1", "Service")] = Service.Descriptor,
        [("v1", "ServiceList")] = ServiceList.Descriptor,
        [("v1", "Endpoints")] = Endpoints.Descriptor,
        [("v1", "EndpointsList")] = EndpointsList.Descriptor,
        [("v1", "Event")] = Event.Descriptor,
        [("v1", "EventList")] = EventList.Descriptor,
        [("coordination.k8s.io/v1", "Lease")] = Lease.Descriptor,
        [("coordination.k8s.io/v1", "LeaseList")] = LeaseList.Descriptor,
        [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = SelfSubjectAccessReview.Descriptor,
        [("authorization.k8s.io/v1", "SelfSubjectRulesReview")] = SelfSubjectRulesReview.Descriptor,
        [("authentication.k8s.io/v1", "SelfSubjectReview")] = SelfSubjectReview.Descriptor,
        // Status and DeleteOptions are meta/v1 kinds every group version carries; the core group's name for them.
        [("v1", "Status")] = MetaV1.Status.Descriptor,
        [("v1", "DeleteOptions")] = MetaV1.DeleteOptions.Descriptor,
        [("meta.k8s.io/v1", "DeleteOptions")] = MetaV1.DeleteOptions.Descriptor,
    };

    public static MessageDescriptor? Find(string? apiVersion, string? kind)
    {
        if (apiVersion is null || kind is null)
        {
            return null;
        }
        if (kind is "DeleteOptions" or "Status")
        {
            apiVersion = "v1";
        }
        return ByKind.GetValueOrDefault((apiVersion, kind));
    }
}
