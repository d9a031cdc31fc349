/// `popsteer evaluate --method ... --param ...` through the real binary: bad input exits
/// 2 with a did-you-mean message before anything is loaded; a tiny LightGCN (1 epoch on
/// the synthetic dataset) is evaluated with P-MMF (provider candidates) and with FA*IR at
/// alpha = 0, which must reproduce the base ranking's metrics exactly.
#include <gtest/gtest.h>

#include "run_binary.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

/// The metric part of the output line starting with `label` and `split` ("ndcg@10=..."
/// up to the timing in parentheses).
std::string metrics_of(const std::string& out, const std::string& label, const std::string& split) {
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string a, b;
    words >> a >> b;
    if (a == label && b == split) {
      const size_t from = line.find("ndcg@");
      return line.substr(from, line.find(" (") - from);
    }
  }
  return "";
}

class EvaluateRerank : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(binary())) GTEST_SKIP() << "popsteer binary not built";
  }
};

TEST_F(EvaluateRerank, BadMethodOrParamExitsTwoWithSuggestion) {
  // The checkpoint does not exist: the method / params must be rejected before it is read.
  const std::string base = "evaluate --dataset synthetic --checkpoint /nonexistent.pt ";
  Outcome r = run(base + "--method pmfm");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("unknown re-ranking method 'pmfm' (did you mean 'pmmf'?)"), std::string::npos) << r.out;

  r = run(base + "--method fair --param alpah=0.05");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("unknown parameter 'alpah' (did you mean 'alpha'?)"), std::string::npos) << r.out;

  r = run(base + "--method fair --param p=1.5");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("'p' = 1.5 is outside the allowed range [0, 1]"), std::string::npos) << r.out;

  r = run(base + "--method duor --param t=400 --candidates 300");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("--candidates 300 is shorter than duor's t = 400"), std::string::npos) << r.out;
}

TEST_F(EvaluateRerank, TinyLightGcnWithPmmfAndIdentityFair) {
  const fs::path ckpt = fs::temp_directory_path() / ("popsteer-cli-test-" + std::to_string(::getpid()) + ".pt");
  Outcome train = run("train backbone --dataset synthetic --model lightgcn --epochs 1 --threads 1 --out " + ckpt.string());
  ASSERT_EQ(train.code, 0) << train.out;

  const std::string eval = "evaluate --dataset synthetic --threads 1 --checkpoint " + ckpt.string() + " ";
  Outcome pmmf = run(eval + "--method pmmf --param lambda=0.5 --param allocation=20");
  ASSERT_EQ(pmmf.code, 0) << pmmf.out;
  EXPECT_NE(pmmf.out.find("each provider group's top-20"), std::string::npos) << pmmf.out;
  for (const char* split : {"valid", "test"}) {
    EXPECT_NE(metrics_of(pmmf.out, "lightgcn", split), "") << pmmf.out;
    EXPECT_NE(metrics_of(pmmf.out, "pmmf", split), "") << pmmf.out;
    EXPECT_NE(metrics_of(pmmf.out, "pmmf", split).find("users=1000"), std::string::npos) << pmmf.out;
  }

  // alpha = 0 removes every protected minimum: FA*IR returns the base top-K unchanged.
  Outcome fair = run(eval + "--method fair --param p=0.9 --param alpha=0 --k 5");
  ASSERT_EQ(fair.code, 0) << fair.out;
  for (const char* split : {"valid", "test"}) {
    const std::string base = metrics_of(fair.out, "lightgcn", split);
    ASSERT_NE(base, "") << fair.out;
    EXPECT_NE(base.find("ndcg@5="), std::string::npos) << fair.out;
    EXPECT_EQ(metrics_of(fair.out, "fair", split), base) << fair.out;
  }
  fs::remove(ckpt);
}

}  // namespace
