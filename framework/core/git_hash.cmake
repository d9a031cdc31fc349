# Runs at build time (not configure time) so the hash and dirty flag are current.
execute_process(COMMAND git -C ${SRC} rev-parse --short=10 HEAD OUTPUT_VARIABLE h
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR h STREQUAL "")
  set(h "unknown")
else()
  execute_process(COMMAND git -C ${SRC} status --porcelain --untracked-files=no
    OUTPUT_VARIABLE dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT dirty STREQUAL "")
    set(h "${h}-dirty")
  endif()
endif()
set(POPSTEER_GIT_HASH ${h})
configure_file(${IN} ${OUT}.tmp @ONLY)
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})
