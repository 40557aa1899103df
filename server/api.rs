//! Generated code for the `khabar.v1` protobuf package (prost + tonic + pbjson serde).
#![allow(clippy::all, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/khabar.v1.rs"));
include!(concat!(env!("OUT_DIR"), "/khabar.v1.serde.rs"));

/// The encoded file descriptor set, served by gRPC reflection.
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/khabar_descriptor.bin"));
