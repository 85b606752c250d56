// Runs the property tests with 300 cases per property unless RC_PARAMS
// already says how many (e.g. RC_PARAMS="max_success=5000" for a long run,
// or the "reproduce" string RapidCheck prints for a failure).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

int main(int argc, char** argv) {
  const char* given = std::getenv("RC_PARAMS");
  std::string params = given ? given : "";
  if (params.find("max_success") == std::string::npos) {
    // RapidCheck reads RC_PARAMS on first use, which is after this point.
    params = "max_success=300 " + params;
    setenv("RC_PARAMS", params.c_str(), 1);
  }
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
