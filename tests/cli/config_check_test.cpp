/// `popsteer config check FILE` through the real binary: the kinds of file it recognises,
/// and strict errors (file:line, did-you-mean) with exit code 2.
#include <gtest/gtest.h>

#include "run_binary.h"

namespace {

std::string write_file(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / ("popsteer-config-check-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p) << text;
  return p.string();
}

TEST(ConfigCheck, AcceptsABackboneConfig) {
  const auto path = write_file("ok.toml", "[backbone]\nmodel = \"sasrec\"\n\n[data]\nk_core = 5\n");
  const Outcome r = run("config check " + path);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("OK (backbone)"), std::string::npos) << r.out;
}

TEST(ConfigCheck, MisspeltTopLevelTableIsAnErrorWithFileLine) {
  const auto path = write_file("typo.toml", "[backbone]\nmodel = \"sasrec\"\n\n[dta]\nk_core = 5\n");
  const Outcome r = run("config check " + path);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find(path + ":4: unknown key 'dta' (did you mean 'data'?)"), std::string::npos) << r.out;
}

TEST(ConfigCheck, QuickstartSweepIsValidAndAMisspeltKeyIsNot) {
  const Outcome ok = run(std::string("config check ") + POPSTEER_SOURCE_DIR + "/sweeps/quickstart.toml");
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("OK (sweep)"), std::string::npos) << ok.out;
  const auto path = write_file("sweep.toml", "datasets = [\"synthetic\"]\n[sae]\nscale = [8]\nkk = [16]\n");
  const Outcome bad = run("config check " + path);
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_NE(bad.out.find(":4: unknown key 'sae.kk' (did you mean 'k'?)"), std::string::npos) << bad.out;
}

TEST(ConfigCheck, MissingFileIsAUserError) {
  const Outcome r = run("config check /nonexistent/popsteer.toml");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("config file not found"), std::string::npos) << r.out;
}

}  // namespace
