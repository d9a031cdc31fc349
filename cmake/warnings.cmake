# popsteer_warnings(target): the warning set every framework target builds with.
function(popsteer_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
    -Wno-unused-parameter -Wno-sign-compare)
endfunction()
