#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "sweep/result_io.h"
#include "sweep/store.h"
#include "test_util.h"

namespace popsteer::sweep {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

ResultRow row(int i) {
  ResultRow r;
  r.sweep = "s";
  r.task_id = "t" + std::to_string(i);
  r.config_id = "c" + std::to_string(i);
  r.dataset = "ml-100k";
  r.backbone = "sasrec";
  r.backbone_seed = 3;
  r.method = "ipr";
  r.params_json = "{\"alpha\":0.1}";
  r.label = "ipr a=0.1 é";  // UTF-8 survives
  r.split = i % 2 ? "test" : "valid";
  r.k = 20;
  r.ndcg = 0.1 * i; r.ndcg_head = 0.2; r.ndcg_tail = 0.3; r.ndcg_nonhead = 0.35;
  r.hit = 0.4; r.mrr = 0.5; r.coverage = 0.6; r.gini = 0.7; r.arp = 12.5; r.aplt = 0.8; r.dltc = 0.9;
  r.users = 943; r.seconds = 1.25;
  return r;
}

/// Commits a task folder holding rows.h5 like the runner does.
void commit_task(TaskStore& store, const std::string& id, const std::vector<ResultRow>& rows) {
  const std::string tmp = store.begin(id);
  Provenance prov = process_provenance(0);
  prov.sweep = "s";
  prov.task_id = id;
  prov.resolved_config = "name = \"s\"\n";
  write_rows_file(tmp + "/rows.h5", rows, prov);
  ASSERT_TRUE(store.commit(id, tmp));
}

std::string id_of(int i) { return std::string(31, '0') + std::to_string(i); }

TEST(Results, EveryFieldRoundTrips) {
  TempDir dir("results");
  TaskStore store(dir.str());
  commit_task(store, id_of(1), {row(1), row(2)});
  const ResultSet rs = read_results(dir.str());
  ASSERT_TRUE(rs.problems.empty());
  ASSERT_EQ(rs.rows.size(), 2u);
  const ResultRow& a = rs.rows[1];
  const ResultRow b = row(2);
  EXPECT_EQ(a.sweep, b.sweep); EXPECT_EQ(a.task_id, b.task_id); EXPECT_EQ(a.config_id, b.config_id);
  EXPECT_EQ(a.dataset, b.dataset); EXPECT_EQ(a.backbone, b.backbone); EXPECT_EQ(a.backbone_seed, 3);
  EXPECT_EQ(a.method, b.method); EXPECT_EQ(a.params_json, b.params_json); EXPECT_EQ(a.label, b.label);
  EXPECT_EQ(a.split, "valid"); EXPECT_EQ(a.k, 20);
  EXPECT_DOUBLE_EQ(a.ndcg, 0.2); EXPECT_DOUBLE_EQ(a.ndcg_nonhead, 0.35); EXPECT_DOUBLE_EQ(a.arp, 12.5);
  EXPECT_DOUBLE_EQ(a.dltc, 0.9); EXPECT_EQ(a.users, 943); EXPECT_DOUBLE_EQ(a.seconds, 1.25);
  EXPECT_EQ(a.status, "ok");
  io::H5File f(dir.str() + "/tasks/" + id_of(1) + "/rows.h5", io::H5File::Mode::kRead);
  EXPECT_EQ(f.attr_string("/", "resolved_config").value(), "name = \"s\"\n");
  EXPECT_TRUE(f.attr_string("/", "git_hash").has_value());
  EXPECT_TRUE(f.attr_string("/", "hostname").has_value());
  EXPECT_EQ(f.attr_int("/", "n_rows").value(), 2);
}

TEST(Results, ATaskWithoutRowsIsStillDone) {
  TempDir dir("results");
  TaskStore store(dir.str());
  commit_task(store, id_of(2), {});
  EXPECT_TRUE(store.is_done(id_of(2)));
  const ResultSet rs = read_results(dir.str());
  EXPECT_TRUE(rs.problems.empty());
  EXPECT_EQ(rs.files, 1);
  EXPECT_TRUE(rs.rows.empty());
}

TEST(Results, CorruptFileIsReportedAndDoesNotHideOthers) {
  TempDir dir("results");
  TaskStore store(dir.str());
  commit_task(store, id_of(1), {row(1)});
  commit_task(store, id_of(2), {row(2), row(3)});
  commit_task(store, id_of(3), {row(4)});
  const std::string victim = dir.str() + "/tasks/" + id_of(2) + "/rows.h5";
  fs::resize_file(victim, fs::file_size(victim) / 2);  // a truncated write
  const std::string garbage = dir.str() + "/tasks/" + id_of(3) + "/rows.h5";
  testing::write_text(garbage, "not hdf5 at all");
  const ResultSet rs = read_results(dir.str());
  ASSERT_EQ(rs.problems.size(), 2u);
  EXPECT_NE(rs.problems[0].path.find(id_of(2)), std::string::npos);
  ASSERT_EQ(rs.rows.size(), 1u);
  EXPECT_EQ(rs.rows[0].task_id, "t1");
  // On resume the corrupt tasks are moved aside so they run again.
  const auto moved = store.quarantine_corrupt(store.completed());
  EXPECT_EQ(moved.size(), 2u);
  EXPECT_EQ(store.completed().size(), 1u);
}

TEST(Store, UnfinishedFoldersAreInvisibleAndCleaned) {
  TempDir dir("store");
  TaskStore store(dir.str());
  const std::string tmp = store.begin(id_of(5));
  EXPECT_FALSE(store.is_done(id_of(5)));
  EXPECT_TRUE(read_results(dir.str()).rows.empty());
  // A folder of a dead process of this host (pid 999999999 cannot exist) is removed;
  // our own live one is kept.
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  const std::string dead = dir.str() + "/tasks/" + id_of(5) + ".tmp-" + host + "-999999999-0";
  fs::create_directories(dead);
  EXPECT_EQ(store.clean_stale(), 1);
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(tmp));
}

TEST(Store, SecondCommitOfTheSameTaskIsDiscarded) {
  TempDir dir("store");
  TaskStore store(dir.str());
  commit_task(store, id_of(6), {row(1)});
  const std::string tmp = store.begin(id_of(6));
  testing::write_text(tmp + "/x", "x");
  EXPECT_FALSE(store.commit(id_of(6), tmp));
  EXPECT_FALSE(fs::exists(tmp));
  EXPECT_EQ(read_results(dir.str()).rows.size(), 1u);
}

TEST(Store, FailureRecordsRoundTrip) {
  TempDir dir("store");
  TaskStore store(dir.str());
  Task t;
  t.id = id_of(7);
  t.kind = "sae";
  t.label = "sae x";
  store.record_failure(t, 2, "boom", "host-1");
  const auto f = store.failures();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f.at(id_of(7)).error, "boom");
  EXPECT_EQ(f.at(id_of(7)).attempts, 2);
}

}  // namespace
}  // namespace popsteer::sweep
