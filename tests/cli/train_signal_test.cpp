// `popsteer train backbone` stopped by SIGTERM (a SLURM time limit, Ctrl-C): it finishes the
// current epoch, restores the best epoch, writes the checkpoint and exits with 3; the
// checkpoint then evaluates like any other.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "../sweep/process_util.h"

namespace {

namespace fs = std::filesystem;
using popsteer::sweep::testing::popsteer_exe;
using popsteer::sweep::testing::run;
using popsteer::sweep::testing::spawn;
using popsteer::sweep::testing::wait_exit;

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(TrainSignal, SigtermAfterAnEpochCheckpointsTheBestEpochAndExitsThree) {
  if (!fs::exists(popsteer_exe())) GTEST_SKIP() << "popsteer binary not built";
  const fs::path dir = fs::temp_directory_path() / ("popsteer-train-signal-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path ckpt = dir / "sasrec.pt", log = dir / "train.log";
  const pid_t pid = spawn({popsteer_exe(), "train", "backbone", "--dataset", "synthetic", "--model", "sasrec",
                           "--epochs", "1000", "--threads", "1", "--out", ckpt.string()},
                          log.string());
  ASSERT_GT(pid, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (read_text(log).find("sasrec epoch 1/") == std::string::npos && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_NE(read_text(log).find("sasrec epoch 1/"), std::string::npos) << read_text(log);
  ::kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid), 3) << read_text(log);
  const std::string out = read_text(log);
  EXPECT_NE(out.find("stopped by a signal"), std::string::npos) << out;
  EXPECT_NE(out.find("checkpoint written"), std::string::npos) << out;
  // Patience 10 would have run at least 11 epochs: it stopped at the signal.
  EXPECT_EQ(out.find("sasrec epoch 5/"), std::string::npos) << out;
  ASSERT_TRUE(fs::exists(ckpt));
  EXPECT_EQ(run({popsteer_exe(), "evaluate", "--dataset", "synthetic", "--threads", "1", "--checkpoint", ckpt.string()},
                (dir / "eval.log").string()),
            0)
      << read_text(dir / "eval.log");
  EXPECT_NE(read_text(dir / "eval.log").find("ndcg@10="), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
