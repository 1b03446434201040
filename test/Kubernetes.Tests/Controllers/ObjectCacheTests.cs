using Dtaas.Grains.Interfaces.Models;
using Dtaas.Kubernetes.Controllers;

namespace Dtaas.Kubernetes.Tests.Controllers;

public sealed class ObjectCacheTests
{
    private static DtDomain Domain(string resourceVersion, string? status = null) =>
        new() { Metadata = new ObjectMeta { Name = "d", Namespace = "ns", ResourceVersion = resourceVersion }, Status = status };

    [Fact]
    public void Only_a_newer_version_replaces_what_is_cached()
    {
        var cache = new ObjectCache<DtDomain>();
        Assert.True(cache.Upsert(Domain("5", "Ready")));

        Assert.False(cache.Upsert(Domain("4", "Pending")));  // a late watch event
        Assert.False(cache.Upsert(Domain("5", "Ready")));    // the watch echoing our own write
        Assert.True(cache.Upsert(Domain("6", "Failed")));

        Assert.True(cache.TryGet("ns/d", out var held));
        Assert.Equal("Failed", held.Status);
    }

    [Fact]
    public void A_delete_older_than_the_cached_version_is_ignored_and_a_relist_drops_what_vanished()
    {
        var cache = new ObjectCache<DtDomain>();
        cache.Upsert(Domain("7"));
        cache.Remove("ns/d", "6");
        Assert.True(cache.TryGet("ns/d", out _));

        var gone = cache.Replace([]);
        Assert.Equal(["ns/d"], gone);
        Assert.False(cache.TryGet("ns/d", out _));
    }

    [Fact]
    public void The_generation_moves_with_every_change_and_only_then()
    {
        var cache = new ObjectCache<DtDomain>();
        var start = cache.Generation;

        cache.Upsert(Domain("5"));
        var added = cache.Generation;
        cache.Upsert(Domain("5")); // an echo
        cache.Upsert(Domain("4")); // a late event
        Assert.Equal(added, cache.Generation);
        cache.Upsert(Domain("6"));
        var updated = cache.Generation;
        cache.Remove("ns/d", "6");

        Assert.True(added > start);
        Assert.True(updated > added);
        Assert.True(cache.Generation > updated);
    }

    [Fact]
    public void Each_change_is_told_once_as_added_modified_or_deleted_and_an_echo_or_late_event_not_at_all()
    {
        var cache = new ObjectCache<DtDomain>();
        var told = new List<(WatchEventType Type, string Key, string? Version)>();
        cache.Changed += (type, key, obj) => told.Add((type, key, obj?.Metadata.ResourceVersion));

        cache.Upsert(Domain("5"));
        cache.Upsert(Domain("5")); // the watch echoing our own write
        cache.Upsert(Domain("4")); // a late event
        cache.Upsert(Domain("6"));
        cache.Remove("ns/d", "6");
        cache.Remove("ns/d", "6"); // already gone
        cache.Upsert(Domain("7"));
        cache.Replace([]);         // vanished across a relist

        Assert.Equal([(WatchEventType.Added, "ns/d", "5"), (WatchEventType.Modified, "ns/d", "6"), (WatchEventType.Deleted, "ns/d", null),
            (WatchEventType.Added, "ns/d", "7"), (WatchEventType.Deleted, "ns/d", null)], told);
    }
}
