namespace Orleans.Wandb.Grains.Storage.Cluster;

/// <summary>
/// One numbered step of the MySQL schema: plain statements, each sent on its own (no <c>DELIMITER</c>, which only
/// the command-line client understands). MySQL commits DDL implicitly, so a step cannot be one transaction;
/// instead every statement is idempotent (<c>IF NOT EXISTS</c>, <c>REPLACE</c>, drop-then-create), and a step
/// interrupted halfway is simply run again from its first statement by the next start.
/// </summary>
/// <param name="Version">Recorded in <c>wandb_schema_version</c> once every statement has succeeded.</param>
/// <param name="Name">What the step adds, for the log and the version table.</param>
/// <param name="Statements">The statements, in order.</param>
internal sealed record MySqlMigration(int Version, string Name, IReadOnlyList<string> Statements);
