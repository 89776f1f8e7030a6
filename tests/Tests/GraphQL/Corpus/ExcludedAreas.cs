namespace Orleans.Wandb.Tests.GraphQL.Corpus;

/// <summary>
/// Corpus operations of features that are other issues (registry/automations, reports) or out of scope
/// (Launch), by operation name. The server refuses them with an error; every other document must be answered.
/// </summary>
internal static class ExcludedAreas
{
    public const string Launch = "Launch (out of scope)";
    public const string Registry = "Registry, organizations and automations (own issue)";
    public const string Reports = "Reports (own issue)";

    private static readonly IReadOnlyDictionary<string, string> ByOperation = Area(Launch,
            "LaunchAgent", "createLaunchAgent", "updateLaunchAgent", "ProjectRunQueues", "fetchRunQueuesFromProject", "GetRunQueueItem",
            "GetRunQueueItems", "GetRunQueueMetadata", "GetDefaultResourceConfig", "CreateDefaultResourceConfig", "CreateRunQueue",
            "UpsertRunQueue", "upsertRunQueue", "DeleteRunQueue", "DeleteFromRunQueue", "pushToRunQueue", "pushToRunQueueByName",
            "popFromRunQueue", "ackRunQueueItem", "failRunQueueItem", "updateRunQueueItemWarning", "LaunchAgentIntrospection",
            "createDefaultResourceConfig", "createRunQueue")
        .Concat(Area(Registry,
            "FetchLinkedArtifacts", "FetchRegistry", "FetchRegistries", "RegistryCollections",
            "RegistryVersions", "RegistryUserMembers", "RegistryTeamMembers", "UpsertRegistry", "RenameRegistry", "DeleteRegistry",
            "CreateRegistryMembers", "DeleteRegistryMembers", "UpdateUserRegistryRole", "UpdateTeamRegistryRole",
            "FetchAdvancedRegistryFeatures", "FetchOrganization", "FetchOrgInfoFromEntity", "FetchOrgEntityFromEntity",
            "OrganizationCoreWeaveOrganizationID", "GetAutomationsLegacy", "GetEntityAutomations", "GetEntityAutomationsLegacy",
            "GetOrgAutomations", "CreateAutomation", "UpdateAutomation", "DeleteAutomation", "IntegrationsByEntity",
            "CreateGenericWebhookIntegration", "GenericWebhookIntegrationsByEntity", "SlackIntegrationsByEntity", "GetAutomations",
            "GetAutomationsByEntity", "FetchOrgEntityFromOrganization"))
        .Concat(Area(Reports, "ProjectViews", "UpsertView", "DeleteView"))
        .ToDictionary(pair => pair.Key, pair => pair.Value);

    /// <summary>The excluded area an operation belongs to, or null when the server must answer it.</summary>
    public static string? Of(ClientDocument document) => ByOperation.GetValueOrDefault(document.Operation);

    private static IEnumerable<KeyValuePair<string, string>> Area(string area, params string[] operations) =>
        operations.Select(operation => KeyValuePair.Create(operation, area));
}
