# Included at the end of the root project() call by scripts/bench.sh
# (-DCMAKE_PROJECT_storefront_checkout_INCLUDE=bench/with-bench.cmake) so the
# benchmarks build in the same tree as the server and the core without editing
# the root CMakeLists.txt. Deferred to the end of the root file, when
# checkout_core exists (a deferred call may not add a subdirectory, so the
# bench list file is included instead); a no-op once the root adds bench/.
function(checkout_add_bench_if_missing)
  if(NOT TARGET core_bench AND NOT EMSCRIPTEN)
    include(${CMAKE_SOURCE_DIR}/bench/CMakeLists.txt)
  endif()
endfunction()
cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL checkout_add_bench_if_missing)
