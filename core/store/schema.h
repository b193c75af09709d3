#pragma once

namespace cb {

class Database;

// The result store's schema version; PRAGMA user_version holds the version a file is at.
inline constexpr int kSchemaVersion = 3;

// Brings a database to kSchemaVersion, one migration per version, each in its own transaction.
// A file written by a newer ContextBench is refused rather than damaged.
void migrateSchema(Database& db);
int schemaVersion(Database& db);

}  // namespace cb
