//! The Microsoft identity platform and Graph client: tokens through the oauth2 crate, Graph
//! reads through reqwest, both over one [`Transport`] with linkwatch's limits. Returns typed
//! data from `observed`, never raw JSON.

pub mod api;
pub mod assertion;
pub mod batch;
pub mod budget;
pub mod directory;
pub mod discovery;
pub mod error;
pub mod progress;
pub mod signins;
pub mod tag;
pub mod token;
pub mod transport;

pub use error::{AadError, GraphError};
pub use transport::{Transport, TransportConfig};

/// Client for one cloud (login and Graph base URLs).
#[derive(Clone)]
pub struct GraphClient {
    login_url: String,
    graph_url: String,
    transport: Transport,
    tag: tag::RequestTag,
    pacer: signins::ReportPacer,
    progress: Option<progress::ReadProgress>,
}

impl GraphClient {
    /// The identity platform's base URL (`[cloud] login_url`).
    pub fn login_url(&self) -> &str {
        &self.login_url
    }

    /// A client for the given base URLs over `transport`.
    pub fn new(login_url: &str, graph_url: &str, transport: Transport) -> GraphClient {
        GraphClient {
            login_url: login_url.trim_end_matches('/').to_string(),
            graph_url: graph_url.trim_end_matches('/').to_string(),
            transport,
            tag: tag::RequestTag::random(),
            pacer: Default::default(),
            progress: None,
        }
    }

    /// Marks token requests with ids of this tag (its key shared by every process on the
    /// same database), so their sign-in records are recognised as linkwatch's own.
    pub fn with_tag(mut self, tag: tag::RequestTag) -> GraphClient {
        self.tag = tag;
        self
    }

    /// This client, telling `progress` how far its paged directory reads have come.
    pub fn with_progress(&self, progress: progress::ReadProgress) -> GraphClient {
        GraphClient {
            progress: Some(progress),
            ..self.clone()
        }
    }

    /// The tag of this client's token requests.
    pub fn tag(&self) -> &tag::RequestTag {
        &self.tag
    }

    /// The transport (for its counters).
    pub fn transport(&self) -> &Transport {
        &self.transport
    }
}
