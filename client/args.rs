//! The command line, as clap sees it. Values stay strings where khabar wants to word the error
//! itself (dates: one line naming the flag), and become typed enums where clap's own message is
//! already clear (`--kind`).
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// khabar: query the facts (quotes, meetings, entities) a khabar server extracted from Arabic news.
#[derive(Debug, Parser)]
#[command(name = "khabar", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 ok, 1 server error, 2 bad usage or input, 3 not found, \
                        4 server unreachable, \
                        5 not allowed (token missing or without the right scope)."
)]
pub struct Cli {
    /// The khabar server's address.
    #[arg(
        long,
        global = true,
        env = "KHABAR_SERVER",
        default_value = "http://127.0.0.1:50051"
    )]
    pub server: String,

    /// Bearer token, for a server that requires one.
    #[arg(long, global = true, env = "KHABAR_TOKEN", hide_env_values = true)]
    pub token: Option<String>,

    /// CA certificate (PEM) to trust for an https:// server.
    #[arg(long, global = true, env = "KHABAR_CA_CERT", value_name = "FILE")]
    pub ca_cert: Option<std::path::PathBuf>,

    /// Print one JSON object per line (protobuf's canonical JSON mapping) instead of text.
    #[arg(long, global = true)]
    pub json: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract and store articles: files, folders of .txt files, `-` for stdin, or --jsonl.
    Ingest(IngestArgs),
    /// Show what khabar extracts from an article, without storing anything.
    Analyze(AnalyzeArgs),
    /// List stored quotes.
    Quotes(QuotesArgs),
    /// List stored meetings.
    Meetings(MeetingsArgs),
    /// List entities (people, organisations, places) by kind and name prefix.
    Entities(EntitiesArgs),
    /// Show one entity with all its names and roles.
    Entity {
        /// The entity's id.
        id: String,
    },
    /// Show one stored article with its cleaned text.
    Article {
        /// The article's id.
        id: String,
    },
    /// List stored articles, newest first.
    Articles(ArticlesArgs),
    /// Delete an article with its quotes and meetings.
    Delete {
        /// The article's id.
        id: String,
    },
    /// Merge SOURCE into TARGET: SOURCE's names, roles, quotes and meetings move to TARGET.
    EntityMerge {
        /// The entity that stays.
        target: String,
        /// The entity merged away.
        source: String,
    },
    /// Split one alias off an entity into a new entity of its own.
    EntitySplit {
        /// The entity holding the alias.
        id: String,
        /// The alias, exactly as `khabar entity ID` lists it.
        alias: String,
    },
    /// Set an entity's canonical Arabic name and/or its Latin-script name.
    EntityUpdate(EntityUpdateArgs),
    /// Load-test a server: QPS and latency percentiles per call, optionally bulk ingest first.
    Bench(crate::bench::BenchArgs),
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, folders (their .txt files) or `-` for standard input.
    #[arg(required_unless_present = "jsonl", conflicts_with = "jsonl")]
    pub paths: Vec<PathBuf>,
    /// Bulk ingest JSON Lines records {id, source, published, title, text}; `.gz` is read too.
    #[arg(long, value_name = "FILE")]
    pub jsonl: Option<PathBuf>,
    /// Publication date (YYYY-MM-DD): anchors relative dates such as "يوم أمس".
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Where the article was found.
    #[arg(long, value_name = "URL")]
    pub source_url: Option<String>,
    /// The outlet that published it.
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// A file, or `-` for standard input.
    pub path: PathBuf,
    /// Publication date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
}

/// How many items list commands fetch, across pages.
#[derive(Debug, Args, Clone, Copy)]
pub struct Limit {
    /// Stop after this many items; 0 lists them all.
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// Items asked for per request (1-1000); hidden: only tests of paging need it.
    #[arg(long, hide = true, default_value_t = 200)]
    pub page_size: usize,
}

#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// A speaker: entity id or any name (Arabic or Latin script).
    #[arg(long, value_name = "NAME")]
    pub speaker: Option<String>,
    /// Earliest statement date (YYYY-MM-DD, inclusive).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Latest statement date (YYYY-MM-DD, inclusive).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only quotes from this article.
    #[arg(long, value_name = "ID")]
    pub article: Option<String>,
    /// Only quotes holding these words (compared after Arabic normalisation).
    #[arg(long, value_name = "TEXT")]
    pub contains: Option<String>,
    /// Only quotes of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<QuoteKindArg>,
    #[command(flatten)]
    pub limit: Limit,
}

#[derive(Debug, Args)]
pub struct MeetingsArgs {
    /// Earliest meeting date (YYYY-MM-DD, inclusive).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Latest meeting date (YYYY-MM-DD, inclusive).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// A participant: entity id or any name.
    #[arg(long, value_name = "NAME")]
    pub participant: Option<String>,
    /// A place: entity id or any name.
    #[arg(long, value_name = "NAME")]
    pub place: Option<String>,
    /// Only meetings with this status.
    #[arg(long, value_enum)]
    pub status: Option<MeetingStatusArg>,
    /// Only meetings of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<MeetingKindArg>,
    /// Only meetings from this article.
    #[arg(long, value_name = "ID")]
    pub article: Option<String>,
    #[command(flatten)]
    pub limit: Limit,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// Only entities of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<EntityKindArg>,
    /// Only entities with a name starting with this (either script, after normalisation).
    #[arg(long, value_name = "PREFIX")]
    pub name: Option<String>,
    #[command(flatten)]
    pub limit: Limit,
}

#[derive(Debug, Args)]
pub struct ArticlesArgs {
    /// Earliest publication date (YYYY-MM-DD, inclusive).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Latest publication date (YYYY-MM-DD, inclusive).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only articles of this outlet.
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,
    /// Only articles mentioning this entity (id or any name).
    #[arg(long, value_name = "NAME")]
    pub entity: Option<String>,
    #[command(flatten)]
    pub limit: Limit,
}

#[derive(Debug, Args)]
pub struct EntityUpdateArgs {
    /// The entity's id.
    pub id: String,
    /// New canonical Arabic name.
    #[arg(long)]
    pub name: Option<String>,
    /// New Latin-script name.
    #[arg(long)]
    pub latin_name: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum QuoteKindArg {
    Direct,
    Indirect,
    Mixed,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MeetingStatusArg {
    Held,
    Planned,
    Cancelled,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MeetingKindArg {
    Bilateral,
    Trilateral,
    Multilateral,
    Conference,
    Summit,
    Negotiations,
    Session,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EntityKindArg {
    Person,
    UnnamedPerson,
    Organisation,
    Country,
    City,
    Place,
}
