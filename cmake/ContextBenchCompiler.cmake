# Compiler settings shared by every ContextBench target.
find_program(CONTEXTBENCH_CCACHE ccache)
if(CONTEXTBENCH_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  # The torch precompiled header is only cacheable when ccache is told to trust it.
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      ${CONTEXTBENCH_CCACHE})
endif()

add_library(contextbench_warnings INTERFACE)
target_compile_options(contextbench_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wno-unused-parameter
  # GCC 12 reports impossible overlaps inside std::string concatenation (GCC bug 105329).
  $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)

# Gives a target the project's include root and warning set.
function(contextbench_target target)
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} PRIVATE contextbench_warnings)
endfunction()
