/* layercheck.c: an empty program the build links with one whole stage
 * library and only the stages that library declares (CMakeLists.txt,
 * layercheck_<stage>), so a stage calling up the map fails to link. */
int main(void)
{
	return 0;
}
