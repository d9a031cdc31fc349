#include "sweep/result_io.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <stdexcept>

#include "core/version.h"
#include "sweep/store.h"

namespace popsteer::sweep {
namespace {

namespace fs = std::filesystem;

std::string env_or(const char* name, const std::string& def = "") {
  const char* v = std::getenv(name);
  return v ? v : def;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

// One table of the string, double and int64 columns keeps write and read in sync.
struct StringCol { const char* name; std::string ResultRow::*field; };
struct DoubleCol { const char* name; double ResultRow::*field; };
struct IntCol { const char* name; int64_t ResultRow::*field; };

const StringCol kStringCols[] = {
    {"sweep", &ResultRow::sweep},       {"task_id", &ResultRow::task_id},
    {"config_id", &ResultRow::config_id}, {"dataset", &ResultRow::dataset},
    {"backbone", &ResultRow::backbone}, {"method", &ResultRow::method},
    {"params_json", &ResultRow::params_json}, {"label", &ResultRow::label},
    {"split", &ResultRow::split},       {"status", &ResultRow::status},
    {"error", &ResultRow::error}};
const DoubleCol kDoubleCols[] = {
    {"ndcg", &ResultRow::ndcg},         {"ndcg_head", &ResultRow::ndcg_head},
    {"ndcg_tail", &ResultRow::ndcg_tail}, {"ndcg_nonhead", &ResultRow::ndcg_nonhead},
    {"hit", &ResultRow::hit},           {"mrr", &ResultRow::mrr},
    {"coverage", &ResultRow::coverage}, {"gini", &ResultRow::gini},
    {"arp", &ResultRow::arp},           {"aplt", &ResultRow::aplt},
    {"dltc", &ResultRow::dltc},         {"seconds", &ResultRow::seconds}};
const IntCol kIntCols[] = {
    {"backbone_seed", &ResultRow::backbone_seed}, {"k", &ResultRow::k}, {"users", &ResultRow::users}};

}  // namespace

Provenance process_provenance(int64_t rank) {
  Provenance p;
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  p.hostname = host;
  p.rank = rank;
  p.writer = p.hostname + "-" + std::to_string(::getpid());
  p.slurm_job_id = env_or("SLURM_JOB_ID");
  p.slurm_array_job_id = env_or("SLURM_ARRAY_JOB_ID");
  p.slurm_array_task_id = env_or("SLURM_ARRAY_TASK_ID");
  return p;
}

void write_rows_file(const std::string& path, const std::vector<ResultRow>& rows,
                     const Provenance& prov, io::H5Options options) {
  io::H5File f(path, io::H5File::Mode::kCreate, options);
  const int64_t n = static_cast<int64_t>(rows.size());
  if (n > 0) {
    for (const auto& c : kStringCols) {
      std::vector<std::string> v;
      v.reserve(rows.size());
      for (const auto& r : rows) v.push_back(r.*c.field);
      f.write_strings("rows/" + std::string(c.name), v);
    }
    for (const auto& c : kDoubleCols) {
      std::vector<double> v;
      for (const auto& r : rows) v.push_back(r.*c.field);
      f.write("rows/" + std::string(c.name), v);
    }
    for (const auto& c : kIntCols) {
      std::vector<int64_t> v;
      for (const auto& r : rows) v.push_back(r.*c.field);
      f.write("rows/" + std::string(c.name), v);
    }
  }
  f.set_attr("/", "format", std::string("popsteer-rows-v1"));
  f.set_attr("/", "n_rows", n);
  f.set_attr("/", "sweep", prov.sweep);
  f.set_attr("/", "task_id", prov.task_id);
  f.set_attr("/", "kind", prov.kind);
  f.set_attr("/", "label", prov.label);
  f.set_attr("/", "seed", std::to_string(prov.seed));  // uint64: as text, no sign issue
  f.set_attr("/", "attempt", prov.attempt);
  f.set_attr("/", "resolved_config", prov.resolved_config);
  f.set_attr("/", "popsteer_version", version());
  f.set_attr("/", "git_hash", git_hash());
  f.set_attr("/", "hostname", prov.hostname);
  f.set_attr("/", "rank", prov.rank);
  f.set_attr("/", "writer", prov.writer);
  f.set_attr("/", "slurm_job_id", prov.slurm_job_id);
  f.set_attr("/", "slurm_array_job_id", prov.slurm_array_job_id);
  f.set_attr("/", "slurm_array_task_id", prov.slurm_array_task_id);
  f.set_attr("/", "seconds", prov.seconds);
  f.set_attr("/", "created_utc", utc_now());
  f.flush();
}

std::vector<ResultRow> read_rows_file(const std::string& path) {
  if (!io::is_valid_h5(path)) throw std::runtime_error("not a complete HDF5 file (truncated or corrupt)");
  io::H5File f(path, io::H5File::Mode::kRead);
  const auto n_attr = f.attr_int("/", "n_rows");
  if (!n_attr) throw std::runtime_error("missing attribute n_rows (not a popsteer rows file)");
  const size_t n = static_cast<size_t>(*n_attr);
  std::vector<ResultRow> rows(n);
  if (n == 0) return rows;
  auto check = [&](const std::string& name, size_t got) {
    if (got != n)
      throw std::runtime_error("column " + name + " has " + std::to_string(got) + " values, expected " +
                               std::to_string(n));
  };
  for (const auto& c : kStringCols) {
    auto v = f.read_strings("rows/" + std::string(c.name));
    check(c.name, v.size());
    for (size_t i = 0; i < n; ++i) rows[i].*c.field = std::move(v[i]);
  }
  for (const auto& c : kDoubleCols) {
    auto v = f.read<double>("rows/" + std::string(c.name));
    check(c.name, v.data.size());
    for (size_t i = 0; i < n; ++i) rows[i].*c.field = v.data[i];
  }
  for (const auto& c : kIntCols) {
    auto v = f.read<int64_t>("rows/" + std::string(c.name));
    check(c.name, v.data.size());
    for (size_t i = 0; i < n; ++i) rows[i].*c.field = v.data[i];
  }
  return rows;
}

ResultSet read_results(const std::string& dir) {
  ResultSet out;
  const fs::path tasks = fs::path(dir) / "tasks";
  if (!fs::exists(tasks)) return out;
  std::vector<std::string> ids;
  for (const auto& e : fs::directory_iterator(tasks))
    if (e.is_directory() && TaskStore::is_task_id(e.path().filename().string()))
      ids.push_back(e.path().filename().string());
  std::sort(ids.begin(), ids.end());
  for (const auto& id : ids) {
    const std::string path = (tasks / id / "rows.h5").string();
    try {
      if (!fs::exists(path)) throw std::runtime_error("missing rows.h5 in a completed task folder");
      auto rows = read_rows_file(path);
      out.rows.insert(out.rows.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
      ++out.files;
    } catch (const std::exception& e) {
      out.problems.push_back({path, e.what()});
    }
  }
  return out;
}

}  // namespace popsteer::sweep
