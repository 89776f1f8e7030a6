namespace Orleans.Wandb.Web.Files;

/// <summary>
/// Whom a signed storage URL was handed to and which project it was handed out for. The URL carries it (signed), and
/// every use checks that the user may still read (download) or write (upload) that project, so a URL stops working
/// once its user loses access.
/// </summary>
public sealed record UrlGrant(long UserId, string Entity, string Project);
