# Compiles GLSL compute shaders to SPIR-V with glslang at build time and embeds
# the words in a generated C++ source, so the binary needs no files at run time
# and no SPIR-V is ever checked in.
find_program(GLSLANG_VALIDATOR NAMES glslangValidator glslang REQUIRED)

# strata_embed_shaders(TARGET <lib> SOURCES a.comp b.comp ...)
function(strata_embed_shaders)
  cmake_parse_arguments(ARG "" "TARGET" "SOURCES" ${ARGN})
  set(gen_dir ${CMAKE_CURRENT_BINARY_DIR}/generated)
  file(MAKE_DIRECTORY ${gen_dir})
  file(GLOB glsl_includes ${CMAKE_CURRENT_SOURCE_DIR}/*.glsl)
  set(spv_files)
  set(names)
  foreach(src ${ARG_SOURCES})
    get_filename_component(name ${src} NAME_WE)
    set(spv ${gen_dir}/${name}.spv)
    add_custom_command(
      OUTPUT ${spv}
      COMMAND ${GLSLANG_VALIDATOR} --target-env vulkan1.2 -V ${CMAKE_CURRENT_SOURCE_DIR}/${src} -o ${spv}
      DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${src} ${glsl_includes}
      COMMENT "glslang ${src}"
      VERBATIM)
    list(APPEND spv_files ${spv})
    list(APPEND names ${name})
  endforeach()
  set(out ${gen_dir}/embedded_shaders.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} "-DNAMES=${names}" -DDIR=${gen_dir}
            -P ${PROJECT_SOURCE_DIR}/cmake/SpirvToCpp.cmake
    DEPENDS ${spv_files} ${PROJECT_SOURCE_DIR}/cmake/SpirvToCpp.cmake
    COMMENT "embedding SPIR-V"
    VERBATIM)
  add_library(${ARG_TARGET} STATIC ${out})
  target_include_directories(${ARG_TARGET} PUBLIC ${PROJECT_SOURCE_DIR}/engine)
endfunction()
