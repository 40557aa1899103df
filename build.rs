//! Compiles `proto/` into Rust (prost + tonic) with a vendored protoc, so a machine with only cargo
//! builds khabar. Also writes the descriptor set (served by gRPC reflection) and the pbjson serde
//! impls that give every message protobuf's canonical JSON mapping (used by the CLI's `--json`).
use std::{env, path::PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let protoc = protoc_bin_vendored::protoc_bin_path()?;
    // SAFETY-free in edition 2021: build scripts are single-threaded at this point.
    env::set_var("PROTOC", protoc);

    let mut protos: Vec<PathBuf> = std::fs::read_dir("proto/khabar/v1")?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "proto"))
        .collect();
    protos.sort();
    println!("cargo:rerun-if-changed=proto");

    let out = PathBuf::from(env::var("OUT_DIR")?);
    let descriptor_path = out.join("khabar_descriptor.bin");
    tonic_prost_build::configure()
        .file_descriptor_set_path(&descriptor_path)
        .compile_protos(&protos, &[PathBuf::from("proto")])?;

    let descriptors = std::fs::read(&descriptor_path)?;
    pbjson_build::Builder::new()
        .register_descriptors(&descriptors)?
        .build(&[".khabar.v1"])?;
    Ok(())
}
