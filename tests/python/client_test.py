#!/usr/bin/env python3
"""A Python client generated from proto/ talks to a running khabar server.

    python3 tests/python/client_test.py --server 127.0.0.1:50051 --proto proto \
        --article tests/fixtures/seeds/000_89b412746f488198.txt --published 2014-09-25

Proves the .proto files are enough for another language: it generates the Python code with
grpcio-tools into a temporary folder (nothing generated is kept in the repository), ingests one
article, lists its quotes, and asks gRPC reflection (v1alpha, what grpcurl and most tools speak)
for the services. Driven by tests/python_client.rs; exits non-zero with one clear line on failure.
"""
import argparse
import glob
import os
import sys
import tempfile

REQUIREMENTS = "python3 -m pip install -r tests/python/requirements.txt"
KHABAR_SERVICES = {
    "khabar.v1.ArticleService",
    "khabar.v1.QuoteService",
    "khabar.v1.MeetingService",
    "khabar.v1.EntityService",
}

try:
    import grpc
    from grpc_tools import protoc
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
except ImportError as e:
    print("client_test: %s; install the Python test dependencies: %s" % (e, REQUIREMENTS), file=sys.stderr)
    sys.exit(3)


def fail(msg):
    print("client_test: FAILED: %s" % msg, file=sys.stderr)
    sys.exit(1)


def generate(proto_root, out_dir):
    """Runs protoc (bundled with grpcio-tools) on every khabar .proto into out_dir."""
    protos = sorted(glob.glob(os.path.join(proto_root, "khabar", "v1", "*.proto")))
    if not protos:
        fail("no .proto files under %s" % proto_root)
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    rc = protoc.main(["protoc", "-I" + proto_root, "-I" + include,
                      "--python_out=" + out_dir, "--grpc_python_out=" + out_dir] + protos)
    if rc != 0:
        fail("protoc exited with %d" % rc)
    sys.path.insert(0, out_dir)


def reflected_services(channel):
    stub = reflection_pb2_grpc.ServerReflectionStub(channel)
    request = reflection_pb2.ServerReflectionRequest(list_services="")
    names = set()
    for response in stub.ServerReflectionInfo(iter([request]), timeout=10):
        if response.HasField("error_response"):
            fail("reflection error: %s" % response.error_response.error_message)
        names.update(s.name for s in response.list_services_response.service)
    return names


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--server", required=True, help="host:port")
    ap.add_argument("--proto", required=True, help="the proto/ folder")
    ap.add_argument("--article", required=True, help="an article file (UTF-8)")
    ap.add_argument("--published", required=True, help="YYYY-MM-DD")
    a = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="khabar-py-") as out_dir:
        generate(a.proto, out_dir)
        from khabar.v1 import articles_pb2, articles_pb2_grpc, common_pb2
        from khabar.v1 import quotes_pb2, quotes_pb2_grpc

        year, month, day = (int(x) for x in a.published.split("-"))
        with open(a.article, "rb") as f:
            raw = f.read()
        channel = grpc.insecure_channel(a.server)
        try:
            grpc.channel_ready_future(channel).result(timeout=10)
        except grpc.FutureTimeoutError:
            fail("cannot reach server at %s" % a.server)

        articles = articles_pb2_grpc.ArticleServiceStub(channel)
        ingested = articles.IngestArticle(articles_pb2.IngestArticleRequest(
            text_utf8=raw, published=common_pb2.PartialDate(year=year, month=month, day=day)), timeout=60)
        article = ingested.article
        if not article.id:
            fail("IngestArticle returned no article id")
        if (article.published.year, article.published.month, article.published.day) != (year, month, day):
            fail("published date not kept: %s" % article.published)

        quotes = quotes_pb2_grpc.QuoteServiceStub(channel)
        listed = quotes.ListQuotes(quotes_pb2.ListQuotesRequest(article_id=article.id, page_size=1000), timeout=30)
        if len(listed.quotes) != article.summary.quote_count:
            fail("ListQuotes gave %d quotes, the article's summary says %d"
                 % (len(listed.quotes), article.summary.quote_count))
        for q in listed.quotes:
            if q.article_id != article.id or not q.text:
                fail("quote %r does not belong to article %s or has no text" % (q.id, article.id))
        speakers = sorted({q.speaker.name for q in listed.quotes if q.HasField("speaker")})

        # A missing article is NOT_FOUND, as the API documents.
        try:
            articles.GetArticle(articles_pb2.GetArticleRequest(id="0" * 32), timeout=10)
            fail("GetArticle of an unknown id succeeded")
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.NOT_FOUND:
                fail("GetArticle of an unknown id: %s, want NOT_FOUND" % e.code())

        services = reflected_services(channel)
        missing = KHABAR_SERVICES - services
        if missing:
            fail("reflection does not list %s (it lists %s)" % (sorted(missing), sorted(services)))

        print("python client ok: article %s, %d quotes by %d speakers; reflection lists %s"
              % (article.id, len(listed.quotes), len(speakers), ", ".join(sorted(KHABAR_SERVICES))))


if __name__ == "__main__":
    main()
